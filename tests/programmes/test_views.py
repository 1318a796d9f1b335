"""Public pages that exist from the foundation on: the home page and the record pages it links to."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def make_records(count):
    for _ in range(count):
        follow_up = factories.FollowUpResponseFactory()
        factories.PolicyAdoptionFactory(owner=follow_up.owner)


def test_home_page_makes_the_same_number_of_queries_for_few_and_many_records(client):
    make_records(2)
    few = queries_for(client, "/")
    make_records(4)
    assert queries_for(client, "/") == few


def test_home_page_counts_published_records_only(client):
    factories.ProgrammeFactory()
    factories.ProgrammeFactory(publication_status=PublicationStatus.DRAFT)
    figures = client.get("/").context["figures"]
    assert figures["programmes"] == 1


def test_home_page_states_the_follow_up_share_with_its_denominator(client):
    participation = factories.ParticipationFactory()
    factories.FollowUpResponseFactory(owner=participation.owner, participation=participation)
    factories.ParticipationFactory()  # took part, did not answer
    page = client.get("/").content.decode()
    text = " ".join(page.split())
    assert "100 per cent" in text and "(1 of 1 who answered, out of 2 who took part)" in text


def test_record_pages_show_published_records_and_hide_drafts(client):
    published = factories.ProgrammeFactory()
    draft = factories.ProgrammeFactory(publication_status=PublicationStatus.DRAFT)
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    tour, event = factories.StudyTourFactory(), factories.EventFactory()
    practice = factories.PracticeFactory()
    for record in (tour, event, practice, tour.host_country, tour.owner):
        assert client.get(record.get_absolute_url()).status_code == 200, record
    assert client.get(factories.country("COL").get_absolute_url().replace("col", "zzz")).status_code == 404


def test_no_participant_personal_data_on_public_pages(client):
    participation = factories.ParticipationFactory(
        participant__name="Ana Secret", participant__email="ana.secret@example.org"
    )
    for path in (
        "/",
        participation.activity.get_absolute_url(),
        participation.activity.programme.get_absolute_url(),
    ):
        page = client.get(path).content.decode()
        assert "Ana Secret" not in page and "ana.secret@example.org" not in page


def test_agency_staff_preview_their_own_drafts_on_public_pages(client):
    draft = factories.ProgrammeFactory(publication_status=PublicationStatus.DRAFT)
    client.force_login(factories.agency_user("editor", draft.owner))
    assert client.get(draft.get_absolute_url()).status_code == 200
    other_draft = factories.ProgrammeFactory(publication_status=PublicationStatus.DRAFT)
    assert client.get(other_draft.get_absolute_url()).status_code == 404
