"""No input of any shape makes a write answer 500: lists where objects belong, nulls, huge strings, wrong
types, NUL characters, numbers beyond any column, and bodies that are not JSON objects at all. Each is
a 4xx in the error shape, naming the field where there is one, and nothing is saved."""

import pytest

from programmes.models import Activity, Participant, Programme
from tests import factories
from tests.api.conftest import programme_body, send

pytestmark = pytest.mark.django_db

HUGE = "x" * 100_000
ODD_VALUES = [None, [], {}, [1, 2], {"a": 1}, True, -1, 2**70, 1.5e308, "", HUGE, "\x00", "2026-13-45", "ZZZ"]


@pytest.fixture
def setting(agency_a, agency_b, editor_a):
    factories.ProgrammeFactory(owner=agency_a, slug="solar", publication_status="draft")
    return editor_a


@pytest.mark.parametrize(
    "body",
    [
        [],
        [{"title": "x"}],
        "text",
        42,
        None,
        True,
        b"{not json",
        b"\xff\xfe",
        b'{"title": "\\ud800"}',
        b'{"title": ' * 5000 + b"1" + b"}" * 5000,  # deeper than Python's json parser recurses
    ],
    ids=lambda body: repr(body)[:40],
)
@pytest.mark.parametrize(
    "method, path",
    [
        ("post", "/api/v1/programmes/"),
        ("put", "/api/v1/programmes/solar/"),
        ("patch", "/api/v1/programmes/solar/"),
        ("put", "/api/v1/programmes/external/E-1/"),
    ],
)
def test_a_body_that_is_not_an_object_is_a_400(client, setting, body, method, path):
    response = send(client, method, path, body if body is not None else b"null", token=setting)
    assert response.status_code == 400, response.content
    assert response.json()["errors"]


def test_a_body_nested_too_deeply_is_said_so_in_the_clients_language(client, setting):
    deep = b'{"title": ' * 5000 + b"1" + b"}" * 5000
    response = send(client, "post", "/api/v1/programmes/", deep, token=setting, **{"Accept-Language": "es"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == (
        "Error de análisis JSON: el cuerpo tiene demasiados niveles de anidamiento."
    )


PROGRAMME_FIELDS = [
    "title",
    "modality",
    "start_date",
    "end_date",
    "framework",
    "budget",
    "currency",
    "website",
    "themes",
    "sdgs",
    "partners",
    "owner",
    "external_id",
]


@pytest.mark.parametrize("value", ODD_VALUES, ids=lambda value: repr(value)[:20])
@pytest.mark.parametrize("field", PROGRAMME_FIELDS)
def test_odd_values_of_each_programme_field_are_4xx_naming_it(client, setting, field, value):
    response = send(client, "post", "/api/v1/programmes/", programme_body(**{field: value}), token=setting)
    assert response.status_code in (201, 400, 403), response.content
    if response.status_code == 400:
        named = {error["field"] or "" for error in response.json()["errors"]}
        assert any(name.split(".")[0] == field for name in named) or None in named or "" in named, named
    else:
        assert response.status_code != 403 or field == "owner"


@pytest.mark.parametrize("value", ODD_VALUES, ids=lambda value: repr(value)[:20])
def test_odd_partners_and_participants_are_400s(client, setting, value):
    body = programme_body(partners=[{"agency": value, "role": value, "start_date": value}, value])
    assert send(client, "post", "/api/v1/programmes/", body, token=setting).status_code == 400
    tour = {
        "title": "Tour",
        "programme": "solar",
        "start_date": "2026-01-01",
        "host_country": "COL",
        "participations": [{"participant": value, "role": value}, value, {"participant": {"name": value}}],
    }
    response = send(client, "post", "/api/v1/study-tours/", tour, token=setting)
    assert response.status_code == 400, response.content
    assert not Activity.objects.exists()
    assert not Participant.objects.exists()
    participation = {"activity": value, "participant": {"name": value, "country": value, "email": value}}
    assert send(client, "post", "/api/v1/participations/", participation, token=setting).status_code == 400


@pytest.mark.parametrize("external_id", ["x" * 101, "a%00b", "%20", "ü-1"])
def test_odd_external_ids_in_the_address_are_4xx_or_work(client, setting, external_id):
    response = send(
        client, "put", f"/api/v1/programmes/external/{external_id}/", programme_body(), token=setting
    )
    assert response.status_code in (201, 400, 404), response.content
    assert Programme.objects.count() == 1 + (response.status_code == 201)
