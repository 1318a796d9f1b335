"""Nothing an agency entered is lost without a trace: every create, change and delete is in the
record's history with user, time and values, and administrators restore deleted records."""

import pytest
from django.urls import reverse

from partners.models import PublicationStatus
from programmes.models import Participant, Programme, StudyTour, Theme
from tests import factories

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def agency():
    return factories.AgencyFactory(slug="agency-a")


def test_a_change_in_the_admin_is_recorded_with_user_time_and_values(client, agency):
    editor = factories.agency_user("editor", agency)
    tour = factories.StudyTourFactory(owner=agency, programme__owner=agency, title="Study tour to Bogota")
    client.force_login(editor)
    form = client.get(admin_url(StudyTour, "change", tour.pk)).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "title_en": "Study tour to Bogota and Medellin",
            "start_date": "2024-11-18",
            "end_date": "2024-11-22",
            "participations-TOTAL_FORMS": "0",
            "participations-INITIAL_FORMS": "0",
            "participations-MIN_NUM_FORMS": "0",
            "participations-MAX_NUM_FORMS": "1000",
        }
    )
    response = client.post(admin_url(StudyTour, "change", tour.pk), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    latest = tour.history.latest()
    assert latest.history_user == editor and latest.history_type == "~"
    delta = latest.diff_against(latest.prev_record)
    assert {(c.field, c.old, c.new) for c in delta.changes} >= {
        ("title_en", "Study tour to Bogota", "Study tour to Bogota and Medellin")
    }
    history_page = client.get(admin_url(StudyTour, "history", tour.pk))
    assert history_page.status_code == 200
    assert "Study tour to Bogota and Medellin" in history_page.content.decode()


def test_an_administrator_restores_a_deleted_record_as_it_was(client, agency):
    programme = factories.ProgrammeFactory(owner=agency, title="Green SMEs", external_id="P-7")
    themes = list(Theme.objects.order_by("slug")[:2])
    programme.themes.set(themes)
    programme.sdgs.set([8, 17])
    pk = programme.pk
    administrator = factories.agency_user("administrator")
    client.force_login(administrator)
    assert client.post(admin_url(Programme, "delete", pk), {"post": "yes"}).status_code == 302
    assert not Programme.objects.filter(pk=pk).exists()

    deleted_page = client.get(admin_url(Programme, "deleted"))
    assert deleted_page.status_code == 200
    (version,) = deleted_page.context["versions"]
    assert version.history_user == administrator
    response = client.post(admin_url(Programme, "deleted"), {"version": version.pk}, follow=True)
    assert "Restored “Green SMEs”." in " ".join(str(m) for m in response.context["messages"])
    restored = Programme.objects.get(pk=pk)
    assert (restored.title_en, restored.external_id, restored.owner) == ("Green SMEs", "P-7", agency)
    assert list(restored.themes.order_by("slug")) == themes
    assert sorted(restored.sdgs.values_list("number", flat=True)) == [8, 17]
    assert not client.get(admin_url(Programme, "deleted")).context["versions"]
    assert restored.history.filter(history_type="+", history_change_reason="restored").exists()


def test_restoring_is_refused_with_the_reason_when_the_record_no_longer_fits(client, agency):
    programme = factories.ProgrammeFactory(owner=agency, slug="green-smes")
    version_pk = None
    programme.delete()
    version_pk = Programme.history.filter(history_type="-").get().pk
    factories.ProgrammeFactory(owner=agency, slug="green-smes")  # the slug is taken meanwhile
    client.force_login(factories.agency_user("administrator"))
    response = client.post(admin_url(Programme, "deleted"), {"version": version_pk}, follow=True)
    assert "slug" in " ".join(str(m) for m in response.context["messages"]).lower()
    assert Programme.objects.count() == 1


def test_only_administrators_see_and_restore_deleted_records(client, agency):
    client.force_login(factories.agency_user("reviewer", agency))
    assert client.get(admin_url(Programme, "deleted")).status_code == 403
    assert "Deleted records" not in client.get(admin_url(Programme, "changelist")).content.decode()


def test_the_history_of_another_agencys_record_is_not_shown(client, agency):
    draft = factories.ProgrammeFactory(owner=agency, publication_status=PublicationStatus.DRAFT)
    participant = factories.ParticipantFactory(owner=agency, publication_status=PublicationStatus.PUBLISHED)
    client.force_login(factories.agency_user("editor", factories.AgencyFactory()))
    assert client.get(admin_url(Programme, "history", draft.pk)).status_code == 404
    assert client.get(admin_url(Participant, "history", participant.pk)).status_code == 404
    version = draft.history.latest()
    assert client.get(admin_url(Programme, "simple_history", draft.pk, version.pk)).status_code == 404
    draft.delete()
    assert client.get(admin_url(Programme, "history", draft.pk)).status_code == 404


def test_changes_of_themes_are_kept_in_the_history():
    programme = factories.ProgrammeFactory()
    programme.themes.set(Theme.objects.filter(slug="green-transition"))
    latest = programme.history.latest()
    assert [row.theme.slug for row in latest.themes.all()] == ["green-transition"]
