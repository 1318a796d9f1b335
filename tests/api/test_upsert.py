"""Idempotent upsert by external identifier: PUT /api/v1/<resource>/external/<external_id>/ creates the
client's record the first time (201) and replaces it after (200): always one record, never another
agency's."""

import pytest

from programmes.models import (
    Activity,
    Participation,
    PolicyAdoption,
    Practice,
    Programme,
)
from tests import factories
from tests.api.conftest import errors_of, programme_body, send, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(agency_a):
    factories.ProgrammeFactory(owner=agency_a, slug="solar", publication_status="draft")
    factories.StudyTourFactory(owner=agency_a, slug="bogota-tour", publication_status="draft")
    factories.PracticeFactory(
        owner=agency_a, slug="esg-tool", origin_country=factories.country("MYS"), publication_status="draft"
    )


BODIES = {
    "programmes": (Programme, lambda: programme_body(), {"summary": "Second version."}),
    "study-tours": (
        Activity,
        lambda: {"title": "Visit", "programme": "solar", "start_date": "2026-03-01", "host_country": "COL"},
        {"summary": "Second version."},
    ),
    "events": (
        Activity,
        lambda: {
            "title": "Webinar",
            "programme": "solar",
            "start_date": "2026-03-01",
            "format": "virtual",
            "event_kind": "webinar",
        },
        {"summary": "Second version."},
    ),
    "practices": (
        Practice,
        lambda: {"title": "ESG tool", "origin_country": "MYS"},
        {"summary": "Second version."},
    ),
    "adoptions": (
        PolicyAdoption,
        lambda: {"practice": "esg-tool", "adopting_country": "CRI", "reached_on": "2026-01-01"},
        {"description": "Second version."},
    ),
    "participations": (
        Participation,
        lambda: {
            "activity": "bogota-tour",
            "participant": {"name": "Ana", "email": "ana@example.org", "country": "SLV"},
        },
        {"role": "speaker"},
    ),
}


@pytest.mark.parametrize("resource", list(BODIES))
def test_putting_the_same_external_id_again_and_again_gives_one_record(
    client, agency_a, agency_b, records, resource
):
    model, body, change = BODIES[resource]
    token = token_for(agency_a)
    path = f"/api/v1/{resource}/external/APC-2026-001/"
    first = send(client, "put", path, body(), token=token)
    assert first.status_code == 201, first.content
    assert first.json()["external_id"] == "APC-2026-001"
    assert first.json()["owner"] == "apc-colombia"
    assert first.json()["publication_status"] == "draft"
    again = send(client, "put", path, body(), token=token)
    assert again.status_code == 200, again.content
    assert again.json()["id"] == first.json()["id"]
    changed = send(client, "put", path, {**body(), **change}, token=token)
    assert changed.status_code == 200
    ((key, value),) = change.items()
    assert changed.json()[key] == value
    assert model.objects.filter(external_id="APC-2026-001").count() == 1
    # Another agency's PUT to the same external id makes its own record and leaves A's alone.
    if resource not in ("programmes", "practices"):
        return  # B cannot name A's draft programme, practice or activity in its body
    other = send(client, "put", path, body(), token=token_for(agency_b))
    assert other.status_code == 201
    assert other.json()["owner"] == "tica"
    assert other.json()["id"] != first.json()["id"]
    assert model.objects.filter(external_id="APC-2026-001").count() == 2
    assert model.objects.get(pk=first.json()["id"]).owner == agency_a


def test_an_upsert_with_a_different_external_id_in_the_body_is_refused(client, agency_a, agency_b):
    token = token_for(agency_a)
    body = programme_body(external_id="OTHER")
    response = send(client, "put", "/api/v1/programmes/external/APC-1/", body, token=token)
    assert errors_of(response) == {"external_id": "invalid"}
    assert not Programme.objects.exists()


def test_an_upsert_that_is_not_valid_creates_nothing(client, agency_a, agency_b):
    token = token_for(agency_a)
    response = send(client, "put", "/api/v1/programmes/external/APC-1/", {"title": "Only"}, token=token)
    assert set(errors_of(response)) == {"modality", "start_date"}
    assert not Programme.objects.exists()


def test_an_upsert_of_a_published_record_keeps_it_published(client, agency_a, agency_b):
    programme = factories.ProgrammeFactory(owner=agency_a, external_id="APC-1", title="Old")
    token = token_for(agency_a)
    response = send(client, "put", "/api/v1/programmes/external/APC-1/", programme_body(), token=token)
    assert response.status_code == 200
    programme.refresh_from_db()
    assert programme.title == "Green SMEs peer learning"
    assert programme.is_published


def test_a_read_only_token_cannot_upsert(client, agency_a, agency_b):
    token = token_for(agency_a, read_only=True)
    response = send(client, "put", "/api/v1/programmes/external/APC-1/", programme_body(), token=token)
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "read_only_scope"
