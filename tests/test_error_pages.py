"""Error pages: a helpful 404 in the visitor's language (where to go, a search box), and a plain 500 that
needs neither the database nor the context processors."""

import pytest
from django.template import loader
from django.utils import translation

from programmes.views import HomeView

pytestmark = pytest.mark.django_db


def test_a_missing_page_answers_404_with_the_path_and_ways_onward(client, settings):
    assert settings.DEBUG is False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page not found</h1>" in page and "<code>/no-such-page/</code>" in page
    for href in ('href="/"', 'href="/programmes/"', 'href="/countries/"', 'href="/agencies/"'):
        assert href in page
    assert '<form method="get" action="/search/" role="search"' in page and 'name="q"' in page
    assert 'class="language-switcher"' in page


def test_a_missing_spanish_page_answers_404_in_spanish(client):
    response = client.get("/es/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="es">' in page and "<h1>Página no encontrada</h1>" in page
    assert "<code>/es/no-such-page/</code>" in page
    for href in ('href="/es/"', 'href="/es/programmes/"', 'href="/es/countries/"', 'href="/es/agencies/"'):
        assert href in page
    assert ">Países</a>" in page and 'action="/es/search/"' in page


def test_an_unknown_record_gets_the_same_404_page(client):
    response = client.get("/programmes/no-such-programme/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    assert "public" not in response.get("Cache-Control", "") and not response.has_header("Last-Modified")


def test_the_404_page_shows_a_hostile_path_as_text(client):
    page = client.get("/%3Cscript%3Ealert(1)%3C/script%3E/").content.decode()
    assert "<script>alert(1)" not in page


def test_a_server_error_answers_500_with_the_plain_error_page(client, monkeypatch):
    def fail(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(HomeView, "get", fail)
    client.raise_request_exception = False
    response = client.get("/es/")
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="es">' in page and "<title>" in page and "SSC Portal" in page


def test_the_500_page_renders_without_database_or_context(django_assert_num_queries):
    with django_assert_num_queries(0), translation.override("en"):
        page = loader.get_template("500.html").render()
    assert "<h1>Server error</h1>" in page and 'href="/static/css/portal.css"' in page
