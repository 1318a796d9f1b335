"""One error shape for every error: {"errors": [{"field", "code", "message"}]}."""

import pytest
from django.utils import translation

from sscportal.api.exceptions import error_list
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_bad_filter_names_its_field_with_a_code_and_a_message(client):
    response = client.get("/api/v1/programmes/?country=XXX&year=abc")
    assert response.status_code == 400
    errors = sorted(response.json()["errors"], key=lambda error: error["field"])
    assert [(error["field"], error["code"]) for error in errors] == [
        ("country", "invalid_choice"),
        ("year", "invalid"),
    ]
    assert all(error["message"] for error in errors)

    response = client.get("/api/v1/programmes/?updated_since=tomorrow")
    assert response.json() == {
        "errors": [
            {
                "field": "updated_since",
                "code": "invalid",
                "message": "Enter a date and time in ISO 8601 form, such as 2026-01-31T12:00:00Z.",
            }
        ]
    }


def test_not_found_has_the_same_shape(client):
    response = client.get("/api/v1/programmes/no-such-programme/")
    assert response.status_code == 404
    assert response.json() == {"errors": [{"field": None, "code": "not_found", "message": "Not found."}]}


def test_a_method_not_allowed_has_the_same_shape(client):
    factories.ProgrammeFactory(slug="solar")
    response = client.delete("/api/v1/programmes/solar/")
    assert response.status_code in (401, 405)  # anonymous: asked to authenticate with a token first
    assert response.json()["errors"][0]["field"] is None


def test_writing_anonymously_is_refused_with_the_same_shape(client):
    response = client.post("/api/v1/programmes/", {}, content_type="application/json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert response.json()["errors"][0]["code"] == "not_authenticated"


def test_an_unacceptable_output_is_a_406_with_the_same_shape(client):
    response = client.get("/api/v1/programmes/?format=xml", headers={"Accept": "application/xml"})
    assert response.status_code == 406
    assert response.json()["errors"][0]["code"] == "not_acceptable"


def test_messages_follow_the_language_of_the_request(client):
    response = client.get("/api/v1/programmes/?page_size=abc", headers={"Accept-Language": "es"})
    assert response.status_code == 400
    with translation.override("es"):
        from sscportal.api.pagination import NOT_A_POSITIVE_NUMBER

        assert response.json()["errors"][0]["message"] == str(NOT_A_POSITIVE_NUMBER)


def test_nested_errors_are_named_by_their_dotted_path():
    details = {
        "title": [{"message": "This field is required.", "code": "required"}],
        "partners": [{}, {"role": [{"message": "Not a valid choice.", "code": "invalid_choice"}]}],
        "non_field_errors": [{"message": "Dates out of order.", "code": "invalid"}],
    }
    assert error_list(details) == [
        {"field": "title", "code": "required", "message": "This field is required."},
        {"field": "partners.1.role", "code": "invalid_choice", "message": "Not a valid choice."},
        {"field": None, "code": "invalid", "message": "Dates out of order."},
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/adoptions/abc/",
        "/api/v1/adoptions/99999999999999999999/",
        "/api/v1/participations/-1/",
        "/api/v1/sdgs/99999999999999999999/",
        "/api/v1/countries/col/",
        "/api/v1/programmes/%C3%A9t%C3%A9/",
    ],
)
def test_strange_addresses_are_404s_in_the_error_shape(client, path):
    response = client.get(path)
    assert response.status_code == 404
    if response["Content-Type"] == "application/json":
        assert response.json()["errors"][0]["code"] == "not_found"
