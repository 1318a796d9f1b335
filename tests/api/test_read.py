"""Reading the API: every resource lists and shows the records the client may view — published ones
for anonymous clients, also their own agency's drafts for its staff — and personal data only to the
owning agency."""

import pytest

from tests import factories
from tests.api.conftest import LIST_RESOURCES

pytestmark = pytest.mark.django_db

PUBLIC_RESOURCES = {
    "programmes": ("programme", "slug"),
    "study-tours": ("tour", "slug"),
    "events": ("event", "slug"),
    "practices": ("practice", "slug"),
    "adoptions": ("adoption", "pk"),
}
PERSONAL_RESOURCES = {"participations": "participation", "follow-ups": "follow_up"}


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("resource", PUBLIC_RESOURCES)
def test_anonymous_clients_list_and_read_published_records_only(client, published, drafts, resource):
    key, lookup = PUBLIC_RESOURCES[resource]
    record, draft = published[key], drafts[key]

    assert ids(client.get(f"/api/v1/{resource}/")) == {record.pk}
    detail = client.get(f"/api/v1/{resource}/{getattr(record, lookup)}/")
    assert detail.status_code == 200
    body = detail.json()
    assert body["id"] == record.pk
    assert body["url"] == f"http://testserver/api/v1/{resource}/{getattr(record, lookup)}/"
    assert body["public_url"].startswith("http://testserver/")
    assert client.get(f"/api/v1/{resource}/{getattr(draft, lookup)}/").status_code == 404


@pytest.mark.parametrize("resource", PUBLIC_RESOURCES)
def test_agency_staff_also_see_their_own_drafts_but_not_other_agencies(
    client, published, drafts, agency_b, resource
):
    key, lookup = PUBLIC_RESOURCES[resource]
    client.force_login(factories.agency_user("editor", agency_b))
    assert ids(client.get(f"/api/v1/{resource}/")) == {published[key].pk, drafts[key].pk}
    assert client.get(f"/api/v1/{resource}/{getattr(drafts[key], lookup)}/").status_code == 200

    client.force_login(factories.agency_user("editor", factories.AgencyFactory()))
    assert ids(client.get(f"/api/v1/{resource}/")) == {published[key].pk}
    assert client.get(f"/api/v1/{resource}/{getattr(drafts[key], lookup)}/").status_code == 404


@pytest.mark.parametrize("resource", PERSONAL_RESOURCES)
def test_personal_data_is_empty_and_not_found_for_anonymous_clients(client, published, resource):
    record = published[PERSONAL_RESOURCES[resource]]
    response = client.get(f"/api/v1/{resource}/")
    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}
    assert client.get(f"/api/v1/{resource}/{record.pk}/").status_code == 404


@pytest.mark.parametrize("resource", PERSONAL_RESOURCES)
def test_personal_data_is_shown_to_the_owning_agency_only(client, published, drafts, agency_a, resource):
    key = PERSONAL_RESOURCES[resource]
    client.force_login(factories.agency_user("editor", agency_a))
    assert ids(client.get(f"/api/v1/{resource}/")) == {published[key].pk}
    assert client.get(f"/api/v1/{resource}/{drafts[key].pk}/").status_code == 404


def test_a_participation_shows_the_participant_to_the_owning_agency(client, published, agency_a):
    client.force_login(factories.agency_user("editor", agency_a))
    row = client.get("/api/v1/participations/").json()["results"][0]
    participant = published["participation"].participant
    assert row["participant"]["name"] == participant.name
    assert row["participant"]["country"] == "SLV"
    assert row["public_url"] is None


def test_no_participant_name_reaches_anonymous_clients_anywhere(client, published):
    name = published["participation"].participant.name
    for resource in [*PUBLIC_RESOURCES, *PERSONAL_RESOURCES, "indicators"]:
        assert name not in client.get(f"/api/v1/{resource}/").content.decode()


def test_a_programme_embeds_its_partners_roles_themes_and_goals(client, published, agency_a):
    body = client.get("/api/v1/programmes/published-programme/").json()
    assert body["partners"] == [
        {
            "agency": {
                "id": agency_a.pk,
                "slug": "apc-colombia",
                "name": "APC Colombia",
                "acronym": "APC",
                "country": "COL",
            },
            "role": "implementing",
            "start_date": None,
            "end_date": None,
        }
    ]
    assert body["sdgs"] == [8]
    assert len(body["themes"]) == 1
    assert body["owner"] == "apc-colombia"
    assert body["start_date"] == "2022-01-01"
    assert body["public_url"] == "http://testserver/programmes/published-programme/"


def test_an_adoption_embeds_its_stage_history(client, published):
    body = client.get(f"/api/v1/adoptions/{published['adoption'].pk}/").json()
    assert body["stage_history"] == [{"stage": "interest", "reached_on": "2025-02-01", "note": ""}]
    assert body["adopting_country"] == "CRI"
    assert body["practice"] == "published-practice"


def test_reference_data_is_listed_and_looked_up_by_code(client, agency_a):
    colombia = client.get("/api/v1/countries/COL/").json()
    assert colombia["iso3"] == "COL"
    assert colombia["public_url"] == "http://testserver/countries/col/"
    assert client.get("/api/v1/countries/XXX/").status_code == 404
    assert client.get("/api/v1/agencies/apc-colombia/").json()["country"] == "COL"
    assert client.get("/api/v1/sdgs/8/").json()["number"] == 8
    assert client.get("/api/v1/sdgs/").json()["count"] == 17
    for resource in ("countries", "country-groups", "agencies", "themes"):
        response = client.get(f"/api/v1/{resource}/")
        assert response.status_code == 200
        first = response.json()["results"][0]
        assert client.get(first["url"]).json() == first


def test_indicators_give_the_headline_figures_with_the_share_explained(client, published, drafts):
    body = client.get("/api/v1/indicators/").json()
    assert body["programmes"] == 1
    assert body["study_tours"] == 1
    assert body["skills_applied"] == {
        "numerator": 1,
        "denominator": 1,
        "participants": 1,
        "percent": 100,
        "coverage_percent": 100,
    }


def test_the_api_root_lists_every_resource(client):
    body = client.get("/api/v1/").json()
    assert set(body) == {*LIST_RESOURCES, "indicators", "removals"}  # removals: tests/api/test_sync.py


def test_titles_follow_the_language_the_client_asks_for(client):
    factories.ProgrammeFactory(slug="verde", title_en="Green transition", title_es="Transición verde")
    spanish = client.get("/api/v1/programmes/verde/", headers={"Accept-Language": "es"})
    english = client.get("/api/v1/programmes/verde/", headers={"Accept-Language": "en"})
    assert spanish.json()["title"] == "Transición verde" and spanish["Content-Language"] == "es"
    assert english.json()["title"] == "Green transition"


def test_a_record_names_a_related_draft_only_to_whom_may_view_it(client, agency_a, agency_b):
    """A published study tour of another agency's draft programme, an adoption inspired by it and a
    participation at a draft event: the draft is named (by slug) only to its own agency's staff and to
    administrators, null to the public and to other agencies, in lists, details and CSV alike."""
    from partners.models import PublicationStatus
    from tests.api.conftest import token_for

    draft = factories.ProgrammeFactory(
        owner=agency_b, slug="tica-draft", publication_status=PublicationStatus.DRAFT
    )
    draft_event = factories.EventFactory(
        owner=agency_b, programme=draft, slug="tica-draft-event", publication_status=PublicationStatus.DRAFT
    )
    factories.StudyTourFactory(owner=agency_a, programme=draft, slug="apc-tour")
    factories.PolicyAdoptionFactory(owner=agency_a, programme=draft, activity=draft_event)
    factories.ParticipationFactory(owner=agency_a, activity=draft_event)

    def named(token=None, user=None):
        headers = {"Authorization": f"Token {token}"} if token else {}
        if user:
            client.force_login(user)
        tour = client.get("/api/v1/study-tours/", headers=headers).json()["results"][0]
        detail = client.get("/api/v1/study-tours/apc-tour/", headers=headers).json()
        adoption = client.get("/api/v1/adoptions/", headers=headers).json()["results"][0]
        csv = client.get("/api/v1/study-tours/?format=csv", headers=headers)
        client.logout()
        assert tour["programme"] == detail["programme"]
        assert ("tica-draft" in b"".join(csv.streaming_content).decode()) == (tour["programme"] is not None)
        return tour["programme"], adoption["programme"], adoption["activity"]

    assert named() == (None, None, None)
    assert named(token=token_for(agency_a)) == (None, None, None)
    assert named(token=token_for(agency_b)) == ("tica-draft", "tica-draft", "tica-draft-event")
    administrator = factories.agency_user("administrator", username="admin-a")
    assert named(user=administrator) == ("tica-draft", "tica-draft", "tica-draft-event")
    participation = client.get(
        "/api/v1/participations/", headers={"Authorization": f"Token {token_for(agency_a, name='a2')}"}
    ).json()["results"][0]
    assert participation["activity"] is None  # agency A's own record, at B's draft event
