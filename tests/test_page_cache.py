"""The public page cache (sscportal/cache.py): anonymous visitors get rendered pages from the cache, keyed by
language and address; signed-in staff never do; any change to public data shows at once; pages carry ETag,
Last-Modified and Cache-Control and answer 304 when the visitor's copy is current."""

import gzip

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date, parse_http_date

from partners.models import PublicationStatus
from partners.services import PUBLISH_RECORD, UNPUBLISH_RECORD, publication_transition
from programmes.models import Theme
from programmes.views import HomeView
from sscportal.cache import current_generation
from tests import factories

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/es/",
    "/programmes/",
    "/es/programmes/",
    "/countries/",
    "/agencies/",
    "/sitemap.xml",
    "/sitemap-programmes.xml",
]


def queries_for(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    return response, len(queries)


@pytest.fixture
def agency():
    return factories.AgencyFactory(name="Agencia Presidencial de Cooperación", acronym="APC", slug="apc")


@pytest.fixture
def editor(agency):
    return factories.agency_user("editor", agency)


# Who gets a cached page


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_set_no_cookie_for_an_anonymous_visitor(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies and not client.cookies


def test_a_detail_page_sets_no_cookie_for_an_anonymous_visitor(client):
    programme = factories.ProgrammeFactory(slug="green-smes")
    response = client.get(f"/programmes/{programme.slug}/")
    assert response.status_code == 200 and not response.cookies


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_the_second_anonymous_request_is_served_from_the_cache_without_queries(
    client, path, django_assert_num_queries
):
    factories.ProgrammeFactory(title="Green SMEs")
    first, first_queries = queries_for(client, path)
    assert first.status_code == 200 and first_queries > 0
    with django_assert_num_queries(0):
        second = client.get(path)
    assert second.status_code == 200 and second.content == first.content


def test_a_head_request_is_served_from_the_cached_page(client, django_assert_num_queries):
    client.get("/countries/")
    with django_assert_num_queries(0):
        assert client.head("/countries/").status_code == 200


def test_unrelated_cookies_of_an_anonymous_visitor_do_not_miss_the_cache(client, django_assert_num_queries):
    client.get("/countries/")
    client.cookies["_pk_id"] = "analytics-1"
    with django_assert_num_queries(0):
        response = client.get("/countries/")
    assert response.status_code == 200 and "Cookie" in response["Vary"]


def test_each_language_and_each_query_string_is_its_own_entry(client):
    factories.ProgrammeFactory(title="Green SMEs", slug="green-smes")
    factories.ProgrammeFactory(title="Blue economy", slug="blue-economy")
    english, _ = queries_for(client, "/programmes/")
    spanish, spanish_queries = queries_for(client, "/es/programmes/")
    assert spanish_queries > 0 and 'lang="es"' in spanish.content.decode()
    filtered, filtered_queries = queries_for(client, "/programmes/?q=green")
    assert filtered_queries > 0
    assert "Blue economy" in english.content.decode() and "Blue economy" not in filtered.content.decode()
    again, again_queries = queries_for(client, "/programmes/?q=green")
    assert again_queries == 0 and again.content == filtered.content


def test_signed_in_staff_are_never_served_the_anonymous_page(client, agency, editor):
    factories.ProgrammeFactory(
        owner=agency, title="Unfinished draft", publication_status=PublicationStatus.DRAFT
    )
    anonymous = client.get("/programmes/")
    assert "Unfinished draft" not in anonymous.content.decode()
    client.force_login(editor)
    staff, staff_queries = queries_for(client, "/programmes/")
    assert staff_queries > 0 and "Unfinished draft" in staff.content.decode()
    assert "private" in staff["Cache-Control"] and "no-cache" in staff["Cache-Control"]
    assert not staff.has_header("Last-Modified")


def test_a_staff_page_with_drafts_never_reaches_anonymous_visitors(client, agency, editor):
    factories.ProgrammeFactory(
        owner=agency, title="Unfinished draft", publication_status=PublicationStatus.DRAFT
    )
    client.force_login(editor)
    assert "Unfinished draft" in client.get("/programmes/").content.decode()
    assert "Unfinished draft" in client.get("/programmes/").content.decode()
    client.logout()
    client.cookies.clear()
    anonymous, anonymous_queries = queries_for(client, "/programmes/")
    assert anonymous_queries > 0 and "Unfinished draft" not in anonymous.content.decode()


def test_the_admin_and_the_health_check_are_left_alone(client):
    for path in ("/admin/login/", "/es/admin/login/", "/healthz"):
        client.get(path)
        response = client.get(path)
        assert response.status_code == 200 and "public" not in response["Cache-Control"]
        assert not response.has_header("ETag") and not response.has_header("Last-Modified")
    _, queries = queries_for(client, "/healthz")
    assert queries > 0


def test_a_response_that_sets_a_cookie_is_not_cached(client, monkeypatch):
    render = HomeView.render_to_response

    def render_with_cookie(self, context, **kwargs):
        response = render(self, context, **kwargs)
        response.set_cookie("greeting", "hello")
        return response

    monkeypatch.setattr(HomeView, "render_to_response", render_with_cookie)
    first = client.get("/")
    assert first.cookies["greeting"].value == "hello"
    client.cookies.clear()
    second, queries = queries_for(client, "/")
    assert queries > 0 and second.cookies["greeting"].value == "hello"


def test_with_the_cache_turned_off_every_request_renders(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get("/countries/")
    response, queries = queries_for(client, "/countries/")
    assert queries > 0 and response["Cache-Control"] == "public, max-age=60"


# Invalidation


def test_publishing_and_unpublishing_show_on_the_next_anonymous_view(client, agency, superuser):
    programme = factories.ProgrammeFactory(
        owner=agency, title="Green SMEs", slug="green-smes", publication_status=PublicationStatus.DRAFT
    )
    assert "Green SMEs" not in client.get("/programmes/").content.decode()
    assert client.get("/es/programmes/green-smes/").status_code == 404

    publication_transition(record=programme, transition=PUBLISH_RECORD, user=superuser)
    assert "Green SMEs" in client.get("/programmes/").content.decode()
    assert client.get("/es/programmes/green-smes/").status_code == 200

    publication_transition(record=programme, transition=UNPUBLISH_RECORD, user=superuser)
    assert "Green SMEs" not in client.get("/programmes/").content.decode()
    assert client.get("/es/programmes/green-smes/").status_code == 404


def test_changing_a_published_record_shows_on_the_next_anonymous_view(client):
    programme = factories.ProgrammeFactory(title="Green SMEs", slug="green-smes")
    assert "Green SMEs" in client.get("/programmes/green-smes/").content.decode()
    programme.title = "Greener SMEs"
    programme.save()
    assert "Greener SMEs" in client.get("/programmes/green-smes/").content.decode()
    programme.delete()
    assert client.get("/programmes/green-smes/").status_code == 404


def test_linking_and_deleting_public_records_start_a_new_generation():
    programme = factories.ProgrammeFactory()
    before = current_generation()
    programme.themes.add(Theme.objects.first())
    linked = current_generation()
    factories.ProgrammePartnerFactory(programme=programme).delete()
    assert before < linked < current_generation()


def test_saving_a_record_no_public_page_shows_keeps_the_cache(client, django_assert_num_queries):
    client.get("/countries/")
    factories.agency_user("editor")
    with django_assert_num_queries(0):
        client.get("/countries/")


def test_the_reference_data_command_starts_a_new_generation():
    before = current_generation()
    call_command("load_reference_data", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert current_generation() > before


# Conditional GET


def test_anonymous_pages_carry_etag_last_modified_and_a_short_public_max_age(client):
    response = client.get("/countries/")
    assert response.has_header("ETag")
    assert parse_http_date(response["Last-Modified"]) == current_generation() // 10**9
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in response["Vary"]


def test_a_current_copy_is_answered_with_304_fresh_or_from_the_cache(client):
    first = client.get("/countries/")
    cached = client.get("/countries/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert cached.status_code == 304 and not cached.content
    since = client.get("/countries/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    cache.clear()
    fresh = client.get("/countries/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 304


def test_a_page_is_stored_with_its_etag_so_that_a_hit_is_not_hashed_again(
    client, monkeypatch, django_assert_num_queries
):
    import django.middleware.http

    import sscportal.cache

    first = client.get("/countries/")
    hashed = []
    real = django.middleware.http.set_response_etag

    def hashing(response):
        hashed.append(response)
        return real(response)

    for module in (django.middleware.http, sscportal.cache):  # ConditionalGetMiddleware's, and ours
        monkeypatch.setattr(module, "set_response_etag", hashing, raising=False)
    with django_assert_num_queries(0):  # a hit: the page came from the cache
        again = client.get("/countries/")
    assert again["ETag"] == first["ETag"] and again.content == first.content
    assert hashed == []  # the cached copy came with its ETag


def test_after_a_change_the_old_copy_is_not_current(client):
    programme = factories.ProgrammeFactory(title="Green SMEs")
    first = client.get("/programmes/")
    programme.title = "Greener SMEs"
    programme.save()
    response = client.get("/programmes/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200 and response["ETag"] != first["ETag"]
    older = http_date(parse_http_date(first["Last-Modified"]) - 60)
    assert client.get("/programmes/", HTTP_IF_MODIFIED_SINCE=older).status_code == 200


def test_staff_pages_are_revalidated_by_etag_only(client, editor):
    client.force_login(editor)
    first = client.get("/countries/")
    assert first.has_header("ETag") and not first.has_header("Last-Modified")
    assert client.get("/countries/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


# Compression (PublicPageGZipMiddleware)

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_anonymous_visitors_get_the_page_gzipped_once_and_stored_so(client, django_assert_num_queries):
    factories.ProgrammeFactory(title="Green SMEs")
    plain = client.get("/programmes/")
    first = client.get("/programmes/", **GZIP)
    assert first["Content-Encoding"] == "gzip" and "Accept-Encoding" in first["Vary"]
    assert gzip.decompress(first.content) == plain.content
    assert len(first.content) * 3 < len(plain.content)
    assert "Content-Encoding" not in plain
    with django_assert_num_queries(0):
        second = client.get("/programmes/", **GZIP)
    assert second.content == first.content and second["ETag"] == first["ETag"] != plain["ETag"]
    assert client.get("/programmes/", HTTP_IF_NONE_MATCH=first["ETag"], **GZIP).status_code == 304
    with django_assert_num_queries(0):  # the plain copy is an entry of its own
        assert client.get("/programmes/").content == plain.content


def test_a_page_compresses_to_the_same_bytes_each_time_so_its_etag_holds(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    factories.ProgrammeFactory(title="Green SMEs")
    first, second = client.get("/programmes/", **GZIP), client.get("/programmes/", **GZIP)
    assert first["Content-Encoding"] == "gzip"
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert client.get("/programmes/", HTTP_IF_NONE_MATCH=first["ETag"], **GZIP).status_code == 304


def test_the_apis_anonymous_answers_are_gzipped_with_their_etag_kept_weak(client):
    factories.ProgrammeFactory(title="Green SMEs")
    plain = client.get("/api/v1/programmes/")
    answer = client.get("/api/v1/programmes/", **GZIP)
    assert answer["Content-Encoding"] == "gzip"
    assert gzip.decompress(answer.content) == plain.content
    assert answer["ETag"] == f"W/{plain['ETag']}"
    assert client.get("/api/v1/programmes/", HTTP_IF_NONE_MATCH=answer["ETag"], **GZIP).status_code == 304


def test_signed_in_users_token_clients_and_other_pages_are_never_gzipped(client, agency, editor):
    from tests.api.conftest import token_for

    factories.ProgrammeFactory(owner=agency, title="Green SMEs")  # answers long enough to compress
    assert "Content-Encoding" not in client.get("/healthz", **GZIP)
    token = client.get("/api/v1/programmes/", HTTP_AUTHORIZATION=f"Token {token_for(agency)}", **GZIP)
    assert token.status_code == 200 and "Content-Encoding" not in token
    client.force_login(editor)
    for path in ("/programmes/", "/admin/", "/api/v1/programmes/"):
        response = client.get(path, **GZIP)
        assert response.status_code == 200 and "Content-Encoding" not in response, path


def test_every_spelling_of_accept_encoding_shares_one_of_two_copies(client, django_assert_num_queries):
    """Browsers spell Accept-Encoding in many ways, and the bench's warm-up (urllib: identity) and wrk
    (none) differently: a page is rendered once with gzip and once without, not once per spelling."""
    factories.ProgrammeFactory(title="Green SMEs")
    gzipped = client.get("/programmes/", HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd")
    plain = client.get("/programmes/", HTTP_ACCEPT_ENCODING="identity")
    with django_assert_num_queries(0):
        for spelling in ("gzip", "deflate, gzip", "gzip, deflate, br"):
            assert client.get("/programmes/", HTTP_ACCEPT_ENCODING=spelling).content == gzipped.content
        for spelling in ("", "deflate", "br"):
            assert client.get("/programmes/", HTTP_ACCEPT_ENCODING=spelling).content == plain.content
        assert client.get("/programmes/").content == plain.content
