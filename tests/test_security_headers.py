"""Every page, public or admin, is served with a strict Content-Security-Policy (nothing inline, nothing
from another site), a Permissions-Policy, and Django's own security headers."""

import pytest
from django.conf import settings

from sscportal.security import permissions_policy_header
from tests import factories

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/programmes/", "/study-tours/", "/events/", "/countries/", "/agencies/", "/es/"]
ADMIN_PAGES = [
    "/admin/",
    "/admin/programmes/programme/",
    "/admin/programmes/programme/add/",
    "/admin/programmes/studytour/add/",
]


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_strict_policy(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["font-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "Content-Security-Policy-Report-Only" not in response.headers


def assert_django_security_headers(response):
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response.headers["Permissions-Policy"]
    assert "camera=()" in permissions
    assert "geolocation=()" in permissions
    assert "microphone=()" in permissions


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_a_strict_content_security_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_strict_policy(response)
    assert_django_security_headers(response)


def test_public_detail_pages_have_a_strict_content_security_policy(client):
    programme = factories.ProgrammeFactory()
    tour = factories.StudyTourFactory(programme=programme)
    for path in (programme.get_absolute_url(), tour.get_absolute_url(), "/countries/COL/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict_policy(response)
        assert_django_security_headers(response)


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_have_a_strict_content_security_policy(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 200
    assert_strict_policy(response)
    assert_django_security_headers(response)


def test_admin_sign_in_page_has_a_strict_content_security_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_strict_policy(response)
    assert_django_security_headers(response)


def test_not_found_pages_keep_the_policy(client):
    response = client.get("/programmes/no-such-programme/")
    assert response.status_code == 404
    assert_strict_policy(response)


def test_no_policy_directive_allows_inline_code():
    for sources in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].values():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*"} & set(sources)


def test_permissions_policy_header_lists_each_feature_with_its_origins():
    header = permissions_policy_header({"camera": [], "fullscreen": ["self"]})
    assert header == "camera=(), fullscreen=(self)"
