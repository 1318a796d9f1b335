"""The OpenAPI schema: generated without a warning, valid OpenAPI 3, documenting filters, pages and
errors; the documentation page works offline under the strict CSP."""

import io

import pytest
import yaml
from django.core.management import call_command
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out)
    import json

    return json.loads(out.getvalue())


def test_the_schema_generates_without_warnings_and_passes_an_openapi_validator(schema):
    validate(schema)


def test_the_schema_served_at_api_schema_is_valid_too(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    validate(yaml.safe_load(response.content))


def parameters(schema, path):
    return {parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]}


def test_lists_document_their_filters_pages_walk_and_csv(schema):
    programme_parameters = parameters(schema, "/api/v1/programmes/")
    assert {"q", "region", "country", "theme", "sdg", "sort", "updated_since"} <= programme_parameters
    assert {"page", "page_size", "walk", "cursor", "format"} <= programme_parameters
    for path in schema["paths"]:
        if path.endswith("/") and "{" not in path and "indicators" not in path:
            assert "updated_since" in parameters(schema, path), path


def test_errors_are_documented_with_their_shape(schema):
    responses = schema["paths"]["/api/v1/programmes/{slug}/"]["get"]["responses"]
    assert {"200", "304", "404"} <= set(responses)
    reference = responses["404"]["content"]["application/json"]["schema"]["$ref"]
    error = schema["components"]["schemas"][reference.rsplit("/", 1)[1]]
    assert set(error["properties"]) == {"errors"}


def test_the_documentation_is_served_locally_without_inline_script(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert "<script>" not in html.replace(" ", "")
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
