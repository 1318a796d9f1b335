"""ETags on lists and details, 304 to If-None-Match while unchanged, and revalidation every time."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/programmes/", "/api/v1/programmes/solar/", "/api/v1/indicators/"])
def test_an_unchanged_answer_is_a_304_and_a_changed_one_a_200(client, path):
    programme = factories.ProgrammeFactory(slug="solar")
    first = client.get(path)
    etag = first["ETag"]
    assert first.status_code == 200
    assert etag.startswith('"')

    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    programme.title = "Solar energy for SMEs"
    programme.save()
    factories.ProgrammeFactory()
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_api_answers_are_revalidated_and_private_for_signed_in_clients(client):
    factories.ProgrammeFactory()
    anonymous = client.get("/api/v1/programmes/")
    assert {"max-age=0", "must-revalidate"} <= {d.strip() for d in anonymous["Cache-Control"].split(",")}
    assert "public" not in anonymous["Cache-Control"]
    assert "Cookie" in anonymous["Vary"]

    agency = factories.AgencyFactory()
    client.force_login(factories.agency_user("editor", agency))
    signed_in = client.get("/api/v1/programmes/")
    assert "private" in signed_in["Cache-Control"]
    assert "no-cache" in signed_in["Cache-Control"]


def test_a_draft_is_not_served_to_anonymous_clients_from_any_cache(client):
    agency = factories.AgencyFactory()
    factories.ProgrammeFactory(owner=agency, publication_status="draft", slug="secret")
    client.force_login(factories.agency_user("editor", agency))
    assert client.get("/api/v1/programmes/").json()["count"] == 1
    client.logout()
    assert client.get("/api/v1/programmes/").json()["count"] == 0
