"""A renamed programme, activity, practice or agency keeps its old address: it redirects, permanently, to
the new one (sscportal/renames.py), for those who may view the record, and only for slugs it had while
the public could see it."""

import pytest

from partners.models import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED


def rename(record, slug):
    record.slug = slug
    record.save()
    return record


RECORDS = {
    "programme": (lambda: factories.ProgrammeFactory(slug="old"), "/programmes/{}/"),
    "study tour": (lambda: factories.StudyTourFactory(slug="old"), "/study-tours/{}/"),
    "event": (lambda: factories.EventFactory(slug="old"), "/events/{}/"),
    "practice": (lambda: factories.PracticeFactory(slug="old"), "/practices/{}/"),
    "agency": (lambda: factories.AgencyFactory(slug="old"), "/agencies/{}/"),
}


@pytest.mark.parametrize("kind", RECORDS)
def test_the_old_address_of_a_renamed_record_redirects_to_the_new_one(client, kind):
    make, address = RECORDS[kind]
    rename(make(), "new")
    response = client.get(address.format("old"))
    assert response.status_code == 301
    assert response["Location"] == address.format("new")
    assert client.get(address.format("new")).status_code == 200
    spanish = client.get("/es" + address.format("old"))
    assert (spanish.status_code, spanish["Location"]) == (301, "/es" + address.format("new"))


def test_a_slug_renamed_twice_leads_to_the_newest_and_an_unknown_slug_is_not_found(client):
    programme = factories.ProgrammeFactory(slug="first")
    rename(rename(programme, "second"), "third")
    assert client.get("/programmes/first/")["Location"] == "/programmes/third/"
    assert client.get("/programmes/second/")["Location"] == "/programmes/third/"
    assert client.get("/programmes/never-was/").status_code == 404


def test_a_slug_taken_by_another_record_is_that_records_page(client):
    programme = rename(factories.ProgrammeFactory(slug="shared"), "moved")
    newcomer = factories.ProgrammeFactory(slug="shared", title="The newcomer")
    response = client.get("/programmes/shared/")
    assert response.status_code == 200 and response.context["object"] == newcomer
    assert client.get("/programmes/moved/").context["object"] == programme


def test_an_old_slug_leads_nowhere_for_whom_may_not_view_the_record(client):
    programme = rename(factories.ProgrammeFactory(slug="old"), "new")
    programme.publication_status = DRAFT
    programme.save()
    assert client.get("/programmes/old/").status_code == 404
    editor = factories.agency_user("editor", programme.owner)
    client.force_login(editor)
    response = client.get("/programmes/old/")  # its own agency's staff follow it to the draft
    assert (response.status_code, response["Location"]) == (301, "/programmes/new/")


def test_a_slug_a_record_had_only_as_a_draft_is_not_revealed(client):
    programme = factories.ProgrammeFactory(slug="working-title", publication_status=DRAFT)
    rename(programme, "public-title")
    programme.publication_status = PUBLISHED
    programme.save()
    assert client.get("/programmes/public-title/").status_code == 200
    assert client.get("/programmes/working-title/").status_code == 404
