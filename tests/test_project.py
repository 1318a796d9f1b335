"""The project around the apps: configuration from the environment, health check, local admin."""

import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DatabaseError

ROOT = Path(__file__).resolve().parent.parent


def settings_in_subprocess(env, expression):
    """Evaluate an expression over sscportal.settings imported afresh under the given environment."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    code = f"import json, sscportal.settings as s; print(json.dumps({expression}, default=str))"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_debug_the_portal_refuses_to_serve_without_a_secret_key():
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    for module in ("sscportal.wsgi", "sscportal.asgi"):
        result = subprocess.run(
            [sys.executable, "-c", f"import {module}"],
            env={**clean, "DEBUG": "0"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode != 0
        assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    deploy_check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env={**clean, "DEBUG": "0"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert deploy_check.returncode != 0 and "sscportal.E001" in deploy_check.stderr


def test_commands_that_need_no_key_run_without_one():
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        env={**clean, "DEBUG": "0"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_settings_come_from_the_environment():
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "k" * 50,
        "ALLOWED_HOSTS": "portal.example.org,www.portal.example.org",
        "DATABASE_URL": "postgres://portal@db.example.org:5432/portal",
        "REDIS_URL": "redis://127.0.0.1:6379/1",
        "TIME_ZONE": "America/Bogota",
    }
    result = settings_in_subprocess(
        env, "[s.ALLOWED_HOSTS, s.DATABASES['default'], s.CACHES['default']['BACKEND'], s.TIME_ZONE, s.DEBUG]"
    )
    assert result.returncode == 0, result.stderr
    hosts, database, cache, time_zone, debug = json.loads(result.stdout)
    assert hosts == ["portal.example.org", "www.portal.example.org"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["OPTIONS"]["pool"]["max_size"] >= 1  # Django's own psycopg 3 pool
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] == 0
    assert cache == "django_redis.cache.RedisCache"
    assert time_zone == "America/Bogota"
    assert debug is False


def test_default_database_is_embedded_sqlite_under_var():
    result = settings_in_subprocess({"DEBUG": "1"}, "s.DATABASES['default']['NAME']")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == str(ROOT / "var" / "sscportal.sqlite3")


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("sscportal.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db
def test_home_page_and_admin_login_render(client):
    assert client.get("/").status_code == 200
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/es/").status_code == 200


@pytest.mark.django_db
def test_local_admin_is_created_once_with_a_printed_password():
    out = StringIO()
    call_command("ensure_local_admin", stdout=out)
    printed = out.getvalue()
    password = printed.split("with password: ")[1].split()[0]
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    again = StringIO()
    call_command("ensure_local_admin", stdout=again)
    assert "already exists" in again.getvalue()
    assert password not in again.getvalue()
    user.refresh_from_db()
    assert user.check_password(password)


@pytest.mark.django_db
def test_the_language_switcher_links_to_the_same_page_in_each_language(client):
    page = client.get("/countries/?q=col").content.decode()
    assert '<nav class="language-switcher" aria-label="Language">' in page
    assert '<span lang="en" aria-current="true">English</span>' in page
    assert '<a href="/es/countries/?q=col" hreflang="es" lang="es">Español</a>' in page
    spanish = client.get("/es/countries/?q=col")
    assert spanish.status_code == 200
    page = spanish.content.decode()
    assert 'lang="es"' in page and "Países" in page
    assert '<nav class="language-switcher" aria-label="Idioma">' in page
    assert '<a href="/countries/?q=col" hreflang="en" lang="en">English</a>' in page
    assert '<span lang="es" aria-current="true">Español</span>' in page
    assert "csrfmiddlewaretoken" not in page and not client.cookies


@pytest.mark.django_db
def test_sitemap_lists_published_records_in_both_languages(client):
    from partners.models import PublicationStatus
    from tests import factories

    published = factories.ProgrammeFactory(slug="green-smes")
    factories.ProgrammeFactory(slug="secret-draft", publication_status=PublicationStatus.DRAFT)
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and index["Content-Type"] == "application/xml"
    sections = re.findall(r"<loc>http://testserver(/sitemap-[a-z-]+\.xml)</loc>", index.content.decode())
    assert sections == [
        f"/sitemap-{name}.xml"
        for name in ("pages", "programmes", "study-tours", "events", "practices", "countries", "agencies")
    ]
    body = "".join(client.get(section).content.decode() for section in sections)
    assert f"/programmes/{published.slug}/" in body and f"/es/programmes/{published.slug}/" in body
    assert "secret-draft" not in body
    assert "/countries/col/" in body and 'hreflang="es"' in body
    assert "/impact/</loc>" in body and "/es/adoptions/" in body


@pytest.mark.django_db
def test_a_sections_sitemap_comes_in_pages_that_the_index_names(client, monkeypatch):
    from sscportal.sitemaps import PortalSitemap
    from tests import factories

    monkeypatch.setattr(PortalSitemap, "limit", 2 * 2)  # two records a page, each in two languages
    for slug in ("a", "b", "c"):
        factories.ProgrammeFactory(slug=f"programme-{slug}")
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-programmes.xml?p=2</loc>" in index and "/sitemap-programmes.xml?p=3" not in index
    first, second = (client.get(f"/sitemap-programmes.xml?p={page}").content.decode() for page in (1, 2))
    assert "/programmes/programme-a/" in first and "/programmes/programme-b/" in first
    assert "/programmes/programme-c/" in second and "/programmes/programme-a/" not in second
    assert "/es/programmes/programme-c/" in second
    assert client.get("/sitemap-programmes.xml?p=3").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.django_db
def test_language_pairs_are_the_pairs_django_would_list(django_assert_num_queries):
    """sscportal.sitemaps.LanguagePairs: the (record, language) pairs of Django's translated sitemaps,
    sliced and indexed as that list would be, reading only a slice's records (one query)."""
    from partners.models import Country
    from sscportal.sitemaps import LanguagePairs

    records = Country.objects.filter(iso3__in=["COL", "CRI", "GTM", "PHL", "THA"]).order_by("iso3")
    everything = [(record, language) for record in records for language in ("en", "es")]
    pairs = LanguagePairs(records.all(), ["en", "es"])  # a QuerySet not read yet
    assert len(pairs) == len(everything) == 10
    for start in range(-11, 12):
        for stop in (*range(-11, 12), None):
            for step in (None, 1, 3, -1, -4):
                assert pairs[start:stop:step] == everything[start:stop:step], (start, stop, step)
    for index in range(-10, 10):
        assert pairs[index] == everything[index]
    for index in (10, -11):
        with pytest.raises(IndexError):
            pairs[index]
    with django_assert_num_queries(1):
        assert pairs[3:7] == everything[3:7]


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text and "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.django_db
def test_pages_name_their_canonical_address_and_their_other_language(client):
    page = client.get("/countries/?q=col").content.decode()
    assert '<link rel="canonical" href="http://testserver/countries/">' in page
    assert '<link rel="alternate" hreflang="es" href="http://testserver/es/countries/">' in page
