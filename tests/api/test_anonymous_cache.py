"""Anonymous API answers kept by the public page cache (sscportal/cache.py): a repeat read costs no query
until public data changes, keeps the API's headers, still counts against the anonymous rate, and never
reaches or comes from a client with a token or a session."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import PartnerSystem, PublicationStatus
from partners.services import partner_system_issue_token, partner_system_save
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/api/v1/programmes/"


def read(client, path, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **kwargs)
    return response, len(queries)


def token_headers(agency):
    system = partner_system_save(
        partner_system=PartnerSystem(name="Partner", agency=agency, role="editor"),
        user=factories.agency_user("administrator"),
    )
    return {"Authorization": f"Token {partner_system_issue_token(partner_system=system, user=None)[1]}"}


@pytest.mark.parametrize(
    "path", [LIST, "/api/v1/programmes/solar/", "/api/v1/countries/?page_size=5", "/api/v1/indicators/"]
)
def test_a_repeat_anonymous_read_is_served_from_the_cache_with_the_apis_headers(client, path):
    factories.ProgrammeFactory(slug="solar")
    first, first_queries = read(client, path)
    again, queries = read(client, path)
    assert first.status_code == again.status_code == 200
    assert first_queries > 0 and queries == 0
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"] == "max-age=0, must-revalidate"
    for header in ("Accept", "Accept-Language", "Cookie", "Authorization"):
        assert header in again["Vary"]


def test_a_cached_answer_still_answers_304_to_its_etag(client):
    factories.ProgrammeFactory()
    etag = client.get(LIST)["ETag"]
    response, queries = read(client, LIST, headers={"If-None-Match": etag})
    assert response.status_code == 304 and queries == 0


def test_a_change_to_public_data_shows_on_the_next_anonymous_read(client):
    programme = factories.ProgrammeFactory(slug="solar", title="Solar")
    assert client.get(LIST).json()["results"][0]["title"] == "Solar"
    programme.title = "Solar energy for SMEs"
    programme.save()
    assert client.get(LIST).json()["results"][0]["title"] == "Solar energy for SMEs"
    factories.ProgrammeFactory(publication_status=PublicationStatus.DRAFT)
    factories.ProgrammeFactory()
    assert client.get(LIST).json()["count"] == 2


def test_each_language_and_each_query_string_is_its_own_entry(client):
    factories.ProgrammeFactory(title_en="Solar energy", title_es="Energía solar")
    english = client.get(LIST).json()["results"][0]["title"]
    spanish, queries = read(client, LIST, headers={"Accept-Language": "es"})
    assert (english, spanish.json()["results"][0]["title"]) == ("Solar energy", "Energía solar")
    assert queries > 0
    again, queries = read(client, LIST, headers={"Accept-Language": "es"})
    assert again.json()["results"][0]["title"] == "Energía solar" and queries == 0
    _, queries = read(client, LIST + "?page_size=1")
    assert queries > 0


def test_a_tokens_drafts_never_reach_anonymous_clients_and_a_token_is_never_served_the_cache(client):
    agency = factories.AgencyFactory()
    factories.ProgrammeFactory(owner=agency, slug="published")
    factories.ProgrammeFactory(owner=agency, slug="draft", publication_status=PublicationStatus.DRAFT)
    headers = token_headers(agency)
    assert client.get(LIST, headers=headers).json()["count"] == 2
    assert client.get(LIST).json()["count"] == 1  # the token's answer was not stored
    with_token, queries = read(client, LIST, headers=headers)
    assert with_token.json()["count"] == 2 and queries > 0  # nor is the anonymous one served to it
    assert "private" in with_token["Cache-Control"]


def test_signed_in_staff_are_never_served_the_anonymous_answer(client):
    agency = factories.AgencyFactory()
    factories.ProgrammeFactory(owner=agency, publication_status=PublicationStatus.DRAFT)
    assert client.get(LIST).json()["count"] == 0
    client.force_login(factories.agency_user("editor", agency))
    response, queries = read(client, LIST)
    assert response.json()["count"] == 1 and queries > 0
    assert "private" in response["Cache-Control"]


def test_csv_exports_stream_and_are_never_kept(client):
    factories.ProgrammeFactory()
    b"".join(client.get(LIST + "?format=csv").streaming_content)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST + "?format=csv")
        assert b"".join(response.streaming_content).count(b"\n") == 2
    assert len(queries) > 0


def test_errors_are_not_kept(client):
    client.get(LIST + "?country=ZZZ")
    response, queries = read(client, LIST + "?country=ZZZ")
    assert response.status_code == 400 and queries > 0
    assert "country" in response.content.decode()


def test_a_client_served_from_the_cache_still_counts_against_the_anonymous_rate(client, settings):
    settings.API_THROTTLE_RATES = {"anon": "3/minute", "partner": "5/minute"}
    factories.ProgrammeFactory()
    assert [read(client, LIST)[1] > 0 for _ in range(3)] == [True, False, False]  # two from the cache
    response = client.get(LIST)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert response.json()["errors"][0]["code"] == "throttled"
    assert client.get(LIST, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_with_the_cache_turned_off_every_read_queries(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    factories.ProgrammeFactory()
    client.get(LIST)
    _, queries = read(client, LIST)
    assert queries > 0
