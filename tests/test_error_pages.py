"""Error pages: a helpful 404 in the visitor's language (where to go, a search box), and a plain 500 that
needs neither the database nor the context processors."""

import pytest
from django.contrib import admin
from django.template import loader
from django.urls import reverse
from django.utils import translation

from programmes.views import HomeView
from tests import factories

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


def test_a_bad_request_answers_400_with_a_plain_page_in_the_visitors_language(admin_client):
    response = admin_client.get("/es/admin/programmes/programme/", {"status": "\x00"})
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="es">' in page and "<h1>Solicitud incorrecta</h1>" in page


def admin_addresses_with_a_nul():
    """Each admin changelist with a NUL as the value of each of its filters (and as a search and a
    page): the admin looked these up unchecked, and PostgreSQL refused them."""
    for model, model_admin in admin.site._registry.items():
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        names = ["q", "p", "o"]
        for list_filter in model_admin.list_filter:
            name = (
                list_filter if isinstance(list_filter, str) else getattr(list_filter, "parameter_name", None)
            )
            names += [name, f"{name}__exact"] if name else []
        yield from ((changelist, name) for name in names)


def test_a_nul_character_in_a_parameter_of_an_admin_page_is_a_400_never_a_500(admin_client):
    admin_client.raise_request_exception = False
    answers = {
        (path, name): admin_client.get(path, {name: "\x00"}).status_code
        for path, name in admin_addresses_with_a_nul()
    }
    assert len(answers) > 60
    assert set(answers.values()) == {400}, [key for key, status in answers.items() if status != 400]


def test_the_admin_still_takes_its_filters(admin_client):
    assert admin_client.get("/admin/programmes/programme/", {"status": "ongoing"}).status_code == 200


def test_a_nul_character_in_a_records_key_is_a_404_never_a_500(admin_client):
    """Every address naming a record by a key from its path, with a NUL in that key: the public pages,
    the API's details (with a staff session, which sees drafts too) and the admin's change pages."""
    admin_client.raise_request_exception = False
    api = [f"/api/v1/{name}/%00/" for name in ("programmes", "countries", "country-groups", "agencies")]
    api += [f"/api/v1/{name}/%00/" for name in ("study-tours", "events", "practices", "adoptions", "themes")]
    pages = [
        f"/{prefix}{name}/%00/" for prefix in ("", "es/") for name in ("countries", "agencies", "programmes")
    ]
    changes = [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=["\x00"])
        for model in admin.site._registry
    ]
    answers = {path: admin_client.get(path) for path in [*api, *pages, *changes]}
    assert {answer.status_code for answer in answers.values()} == {404}, {
        path: answer.status_code for path, answer in answers.items() if answer.status_code != 404
    }
    for path in api:  # the API's 404, in its error shape
        assert answers[path].json()["errors"][0]["code"] == "not_found", path


@pytest.mark.parametrize(
    ("changelist", "field"),
    [
        ("/admin/programmes/programme/", "start_date"),
        ("/admin/programmes/studytour/", "start_date"),
        ("/admin/programmes/followupresponse/", "responded_on"),
    ],
)
def test_a_date_past_the_calendar_in_the_date_hierarchy_returns_to_the_list(admin_client, changelist, field):
    for query in ({f"{field}__year": "9" * 20}, {f"{field}__year": "2024", f"{field}__month": "9" * 20}):
        response = admin_client.get(changelist, query)
        assert response.status_code == 302 and response["Location"].endswith("?e=1"), query


@pytest.mark.parametrize("key", ["abc", "1e5", "\x00", ""])
@pytest.mark.parametrize("action", ["publish", "delete_selected"])
def test_an_admin_action_on_keys_that_cannot_be_records_is_a_400(admin_client, action, key):
    admin_client.raise_request_exception = False
    response = admin_client.post(
        "/admin/programmes/programme/", {"action": action, "_selected_action": ["1", key], "index": "0"}
    )
    assert response.status_code == 400


def test_an_admin_action_on_real_keys_still_runs(admin_client):
    programme = factories.ProgrammeFactory(publication_status="in_review")
    response = admin_client.post(
        "/admin/programmes/programme/",
        {"action": "publish", "_selected_action": [str(programme.pk)], "index": "0"},
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.publication_status == "published"
