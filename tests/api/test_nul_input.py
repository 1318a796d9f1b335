"""A NUL character anywhere in a write is a 400 naming the field, never a 500: PostgreSQL refuses NUL in
text, and a value looked up unchecked (a slug, a country code) reached the database with it."""

import pytest

from tests import factories
from tests.api.conftest import errors_of, programme_body, send

pytestmark = pytest.mark.django_db

NUL = "x\x00"


def bodies():
    """(path, a valid body) for each kind of record a partner system writes."""
    return [
        ("/api/v1/programmes/", programme_body(summary="Peer learning.")),
        (
            "/api/v1/events/",
            {
                "title": "Workshop on ESG for MSMEs",
                "programme": "solar",
                "start_date": "2026-03-01",
                "format": "in_person",
                "event_kind": "workshop",
                "host_country": "COL",
                "organisers": ["apc-colombia"],
            },
        ),
        (
            "/api/v1/practices/",
            {"title": "ESG self-assessment", "origin_country": "MYS", "themes": ["msme-support"]},
        ),
        (
            "/api/v1/adoptions/",
            {
                "practice": "esg-tool",
                "adopting_country": "CRI",
                "stage": "interest",
                "reached_on": "2026-01-10",
            },
        ),
        (
            "/api/v1/participations/",
            {
                "activity": "bogota-tour",
                "role": "speaker",
                "participant": {"name": "Ana Pérez", "email": "ana@example.org", "country": "SLV"},
            },
        ),
    ]


def with_nul(body):
    """(field path, the body with a NUL in that field) for each text in `body`, nested ones included."""
    for key, value in body.items():
        if isinstance(value, str):
            yield key, {**body, key: value + NUL}
        elif isinstance(value, dict):
            for inner, changed in with_nul(value):
                yield f"{key}.{inner}", {**body, key: changed}
        elif isinstance(value, list) and value and isinstance(value[0], str):
            yield key, {**body, key: [value[0] + NUL, *value[1:]]}


def test_a_nul_character_in_any_field_of_a_write_is_a_400_naming_it(client, agency_a, agency_b, editor_a):
    factories.ProgrammeFactory(owner=agency_a, slug="solar", publication_status="draft")
    factories.StudyTourFactory(owner=agency_a, slug="bogota-tour")
    factories.PracticeFactory(owner=agency_a, slug="esg-tool", origin_country=factories.country("MYS"))
    client.raise_request_exception = False
    tried = 0
    for path, body in bodies():
        for field, bad in with_nul(body):
            response = send(client, "post", path, bad, token=editor_a)
            assert response.status_code == 400, (path, field, response.status_code)
            named = errors_of(response)  # a list's error may name the item: themes.0
            assert any(name == field or name.startswith(f"{field}.") for name in named), (path, field, named)
            tried += 1
        assert send(client, "post", path, body, token=editor_a).status_code == 201, path  # the body is valid
    assert tried >= 20
