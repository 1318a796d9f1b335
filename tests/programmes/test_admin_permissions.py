"""The admin applies THE rule: roles (anonymous, editor of A, reviewer of A, editor of B, administrator,
member without a role), each owned model, each action (list, view, add, change, delete, publish), including
direct URLs and forged POSTs across agencies."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from partners.models import PublicationStatus
from programmes.models import CapacityBuildingEvent, PolicyAdoption, Practice, Programme, StudyTour
from tests import factories
from tests.partners.test_permissions import BUILDERS, expected_rows

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED
# Study tours and events are built as Activity rows; their admin screens are the proxies'.
PROXY_ADMINS = {"event": CapacityBuildingEvent, "studytour": StudyTour}
ROLES = ("anonymous", "editor_a", "reviewer_a", "editor_b", "administrator", "member_without_role")


@pytest.fixture
def world(client):
    agency_a = factories.AgencyFactory(slug="agency-a")
    agency_b = factories.AgencyFactory(slug="agency-b")
    users = {
        "anonymous": AnonymousUser(),
        "editor_a": factories.agency_user("editor", agency_a),
        "reviewer_a": factories.agency_user("reviewer", agency_a),
        "editor_b": factories.agency_user("editor", agency_b),
        "administrator": factories.agency_user("administrator"),
        "member_without_role": factories.agency_user(None, agency_a),
    }
    return {"a": agency_a, "b": agency_b}, users


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def signed_in(client, user):
    if user.is_authenticated:
        client.force_login(user)
    return client


@pytest.mark.parametrize("model_key", BUILDERS)
@pytest.mark.parametrize("role", ROLES)
def test_the_admin_lets_each_role_do_exactly_what_the_rule_allows(client, world, role, model_key):
    agencies, users = world
    rows = {}
    for agency_key in ("a", "b"):
        for status in (DRAFT, PUBLISHED):
            record = BUILDERS[model_key](agencies[agency_key], status)
            rows[record.pk] = (agency_key, status)
    model = PROXY_ADMINS.get(model_key, type(record))
    client = signed_in(client, users[role])

    listing = client.get(admin_url(model, "changelist"))
    if role == "anonymous":
        assert listing.status_code == 302 and "/login/" in listing.url
        assert client.get(admin_url(model, "change", next(iter(rows)))).status_code == 302
        return
    if role == "member_without_role":
        assert listing.status_code == 403
        assert client.get(admin_url(model, "add")).status_code == 403
        return

    visible = expected_rows(role, "view", model_key)
    changeable = expected_rows(role, "change", model_key)
    deletable = expected_rows(role, "delete", model_key)
    assert listing.status_code == 200
    listed = {rows[obj.pk] for obj in listing.context["cl"].result_list}
    assert listed == visible, "list"
    assert client.get(admin_url(model, "add")).status_code == 200, "add"

    for pk, row in rows.items():
        page = client.get(admin_url(model, "change", pk))
        if row not in visible:
            assert page.status_code == 404, ("view by direct URL", row)
            assert client.post(admin_url(model, "change", pk), {}).status_code == 404, ("forged change", row)
            assert client.post(admin_url(model, "delete", pk), {"post": "yes"}).status_code == 404
            continue
        assert page.status_code == 200, ("view", row)
        assert page.context["has_change_permission"] == (row in changeable), ("change", row)
        if row not in changeable:
            assert client.post(admin_url(model, "change", pk), {}).status_code == 403, ("forged change", row)
        if row not in deletable:
            assert client.post(admin_url(model, "delete", pk), {"post": "yes"}).status_code == 403, row
            assert model._default_manager.filter(pk=pk).exists()

    # Publish every listed row at once: exactly the rows the rule allows are published.
    client.post(
        admin_url(model, "changelist"),
        {"action": "publish", "_selected_action": [pk for pk, row in rows.items() if row in visible]},
    )
    now_published = {row for pk, row in rows.items() if model._default_manager.get(pk=pk).is_published}
    originally_published = {row for row in rows.values() if row[1] == PUBLISHED}
    drafts_published = now_published - originally_published
    assert drafts_published == {row for row in expected_rows(role, "publish", model_key) if row[1] == DRAFT}

    # Delete every row this role may delete, one by one.
    for pk, row in rows.items():
        if row in deletable:
            response = client.post(admin_url(model, "delete", pk), {"post": "yes"})
            assert response.status_code == 302, ("delete", row)
            assert not model._default_manager.filter(pk=pk).exists()


def programme_form(owner, **extra):
    return {
        "title_en": "Green SMEs",
        "title_es": "",
        "slug": "",
        "summary_en": "",
        "summary_es": "",
        "description_en": "",
        "description_es": "",
        "modality": "regional",
        "instrument": "programme",
        "status": "active",
        "start_date": "2024-01-01",
        "end_date": "",
        "website": "",
        "budget": "",
        "currency": "",
        "owner": owner.pk,
        "external_id": "",
        "partners-TOTAL_FORMS": "0",
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "1000",
        **extra,
    }


def test_a_new_record_belongs_to_the_users_agency_and_a_forged_owner_is_refused(client, world):
    agencies, users = world
    client.force_login(users["editor_a"])
    assert (
        client.get(admin_url(Programme, "add")).context["adminform"].form.initial["owner"] == agencies["a"].pk
    )
    owner_field = client.get(admin_url(Programme, "add")).context["adminform"].form.fields["owner"]
    assert list(owner_field.queryset) == [agencies["a"]]

    forged = client.post(admin_url(Programme, "add"), programme_form(agencies["b"]))
    assert forged.status_code == 200
    assert "owner" in forged.context["adminform"].form.errors
    assert not Programme.objects.exists()

    created = client.post(admin_url(Programme, "add"), programme_form(agencies["a"]))
    assert created.status_code == 302
    programme = Programme.objects.get()
    assert programme.owner == agencies["a"] and programme.publication_status == DRAFT


def test_a_forged_publication_status_is_ignored(client, world):
    agencies, users = world
    client.force_login(users["editor_a"])
    client.post(admin_url(Programme, "add"), programme_form(agencies["a"], publication_status=PUBLISHED))
    assert Programme.objects.get().publication_status == DRAFT


def test_moving_a_record_to_another_agency_is_refused(client, world):
    agencies, users = world
    programme = factories.ProgrammeFactory(owner=agencies["a"], publication_status=DRAFT)
    client.force_login(users["editor_a"])
    response = client.post(admin_url(Programme, "change", programme.pk), programme_form(agencies["b"]))
    assert response.status_code == 200 and "owner" in response.context["adminform"].form.errors
    programme.refresh_from_db()
    assert programme.owner == agencies["a"]


def test_bulk_delete_is_refused_whole_when_a_row_is_another_agencys(client, world):
    agencies, users = world
    own = factories.ProgrammeFactory(owner=agencies["a"])
    theirs = factories.ProgrammeFactory(owner=agencies["b"])  # published, so editor A sees it
    client.force_login(users["editor_a"])
    response = client.post(
        admin_url(Programme, "changelist"),
        {"action": "delete_selected", "_selected_action": [own.pk, theirs.pk], "post": "yes"},
    )
    assert response.status_code in (200, 403)
    assert Programme.objects.filter(pk__in=[own.pk, theirs.pk]).count() == 2


def test_choices_offer_only_what_the_user_may_use(client, world):
    agencies, users = world
    own_draft = factories.ProgrammeFactory(owner=agencies["a"], publication_status=DRAFT)
    their_draft = factories.ProgrammeFactory(owner=agencies["b"], publication_status=DRAFT)
    their_published = factories.ProgrammeFactory(owner=agencies["b"])
    client.force_login(users["editor_a"])
    form = client.get(admin_url(StudyTour, "add")).context["adminform"].form
    choices = set(form.fields["programme"].queryset)
    assert own_draft in choices and their_published in choices and their_draft not in choices
    # The autocomplete behind the field offers the same.
    search = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "programmes", "model_name": "studytour", "field_name": "programme", "term": ""},
    )
    found = {int(result["id"]) for result in search.json()["results"]}
    assert own_draft.pk in found and their_published.pk in found and their_draft.pk not in found


def test_workflow_actions_report_what_they_changed_and_refused(client, world):
    agencies, users = world
    draft = factories.ProgrammeFactory(owner=agencies["a"], publication_status=DRAFT, title="Own draft")
    published = factories.ProgrammeFactory(owner=agencies["a"], title="Own published")
    client.force_login(users["editor_a"])
    response = client.post(
        admin_url(Programme, "changelist"),
        {"action": "submit_for_review", "_selected_action": [draft.pk, published.pk]},
        follow=True,
    )
    text = " ".join(str(m) for m in response.context["messages"])
    assert "1 record changed." in text
    assert "1 record refused: Own published: Only a draft can be submitted for review." in text
    draft.refresh_from_db()
    assert draft.publication_status == PublicationStatus.IN_REVIEW
    assert draft.submitted_by == users["editor_a"] and draft.submitted_at is not None


@pytest.mark.parametrize("role", ("editor_a", "editor_b", "administrator"))
def test_another_agencys_draft_programme_is_not_named_to_who_may_not_view_it(client, world, role):
    """A published study tour and adoption of agency A belong to A's draft programme: staff of B see
    them, but neither the list columns, the list filter nor the view-only page names the programme."""
    agencies, users = world
    secret = factories.ProgrammeFactory(owner=agencies["a"], publication_status=DRAFT, title="Secret draft")
    public = factories.ProgrammeFactory(owner=agencies["a"], title="Open programme")
    tour = factories.ActivityFactory(owner=agencies["a"], programme=secret)
    factories.ActivityFactory(owner=agencies["a"], programme=public)
    adoption = factories.PolicyAdoptionFactory(owner=agencies["a"], programme=secret)
    client = signed_in(client, users[role])
    may_see = role != "editor_b"
    for model, record in ((StudyTour, tour), (PolicyAdoption, adoption)):
        listing = client.get(admin_url(model, "changelist")).content.decode()
        assert ("Secret draft" in listing) is may_see
        assert ("Not published" in listing) is not may_see
        page = client.get(admin_url(model, "change", record.pk))
        assert page.status_code == 200
        assert ("Secret draft" in page.content.decode()) is may_see
    assert "Open programme" in client.get(admin_url(StudyTour, "changelist")).content.decode()
    assert client.get(admin_url(Practice, "changelist")).status_code == 200  # a column that is a method


@pytest.mark.parametrize("role", ("editor_a", "editor_b"))
def test_a_view_only_page_lists_only_the_linked_records_the_user_may_view(client, world, role):
    """Agency A's published practice was presented at A's draft activity and at a published one: staff
    of B, who may only view the practice, see the published activity only; A's staff see both."""
    agencies, users = world
    practice = factories.PracticeFactory(owner=agencies["a"])
    secret = factories.ActivityFactory(owner=agencies["a"], publication_status=DRAFT, title="Secret tour")
    public = factories.ActivityFactory(owner=agencies["a"], title="Open tour")
    practice.presented_at.set([secret, public])
    page = signed_in(client, users[role]).get(admin_url(Practice, "change", practice.pk)).content.decode()
    assert "Open tour" in page
    assert ("Secret tour" in page) is (role == "editor_a")
