"""The OpenAPI schema: generated without a warning, valid OpenAPI 3, documenting filters, pages and
errors; the documentation page works offline under the strict CSP."""

import io
import re

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


# The schema in English and Spanish, with no developer's text in it ----------------------------------


@pytest.fixture(scope="module")
def schemas(django_db_blocker):
    """The schema as /api/schema/ serves it, in English and in Spanish (?lang=es)."""
    from django.test import Client

    with django_db_blocker.unblock():
        client = Client()
        return {
            language: client.get("/api/schema/", {"format": "json", "lang": language}).json()
            for language in ("en", "es")
        }


def texts(node, where=()):
    """Every description, title and summary in a schema, by where it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("description", "title", "summary") and isinstance(value, str):
                yield (*where, key), value
            else:
                yield from texts(value, (*where, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from texts(value, (*where, index))


def prose(text):
    """A description without drf-spectacular's list of an enum's values ("* `code` - label"): codes, and
    currency names as the IATI codelist gives them, in English only."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("* `")).strip()


def test_every_description_of_the_schema_is_in_spanish(schemas):
    english, spanish = dict(texts(schemas["en"])), dict(texts(schemas["es"]))
    # Spanish has more: drf-spectacular titles a field whose label is not its name ("title": "Título")
    assert english.keys() <= spanish.keys()
    untranslated = {where: text for where, text in english.items() if prose(text) == prose(spanish[where])}
    assert {where: text for where, text in untranslated.items() if prose(text)} == {}
    assert spanish[("info", "title")] == "API de SSC Portal"
    share = schemas["es"]["components"]["schemas"]["Share"]
    assert (
        share["properties"]["denominator"]["description"]
        == "Participaciones que respondieron al seguimiento."
    )


def test_every_operation_says_what_it_does_in_both_languages(schemas):
    for schema in schemas.values():
        undescribed = [
            (path, method)
            for path, operations in schema["paths"].items()
            for method, operation in operations.items()
            if not operation.get("description", "").strip()
        ]
        assert undescribed == []


DEVELOPER_TEXT = re.compile(
    r"\b(?:programmes|partners|sscportal)\.[a-z_]+|serializer|queryset|THE rule", re.I
)


def test_no_docstring_reaches_the_schema(schemas):
    """Docstrings are for the project's developers: the events endpoint used to show the docstring of
    its base class (OwnedRecordViewSet), and components their base serializers'."""
    leaks = {where: text for where, text in texts(schemas["en"]) if DEVELOPER_TEXT.search(text)}
    assert leaks == {}
    events = schemas["en"]["paths"]["/api/v1/events/"]["get"]["description"]
    assert events.startswith("Capacity-building events:")


def test_writes_say_what_they_need_after_what_they_do(schemas):
    paths = {language: schema["paths"] for language, schema in schemas.items()}
    publish = paths["en"]["/api/v1/events/{slug}/publish/"]["post"]["description"]
    assert publish.startswith("Publish a draft or a record in review")
    assert publish.endswith("a new record is a draft.")
    assert paths["es"]["/api/v1/programmes/"]["post"]["description"].endswith(
        "un registro nuevo es un borrador."
    )
    assert "Writes need" not in paths["en"]["/api/v1/programmes/"]["get"]["description"]


def test_the_schema_speaks_the_clients_language_and_answers_304(client):
    spanish = client.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="es")
    assert spanish.json()["info"]["title"] == "API de SSC Portal"
    assert "Accept-Language" in spanish["Vary"]
    again = client.get(
        "/api/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="es", HTTP_IF_NONE_MATCH=spanish["ETag"]
    )
    assert again.status_code == 304
    english = client.get("/api/schema/", {"format": "json"}, HTTP_IF_NONE_MATCH=spanish["ETag"])
    assert english.status_code == 200
    assert english.json()["info"]["title"] == "SSC Portal API"


@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("/es", "es")])
def test_the_public_site_links_the_documentation_in_its_language(client, prefix, language):
    page = client.get(f"{prefix}/")
    assert f'href="/api/docs/?lang={language}"' in page.content.decode()
    script = client.get("/api/docs/", {"lang": language, "script": ""}).content.decode()
    assert f'"/api/schema/?lang\\u003D{language}"' in script


def test_every_figure_the_indicators_answer_is_described(schemas):
    """What partner systems and dashboards read of /api/v1/indicators/: each field says what it counts."""
    components = schemas["en"]["components"]["schemas"]

    def undescribed(name, seen):
        if name in seen:
            return []
        seen.add(name)
        missing = []
        for field, spec in components[name].get("properties", {}).items():
            if not spec.get("description"):
                missing.append(f"{name}.{field}")
            for reference in re.findall(r"#/components/schemas/(\w+)", str(spec)):
                if not reference.endswith("Enum"):
                    missing += undescribed(reference, seen)
        return missing

    seen = set()
    answers = [
        operation["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        for path, operation in schemas["en"]["paths"].items()
        if path.startswith("/api/v1/indicators/")
    ]
    roots = {reference for answer in answers for reference in re.findall(r"schemas/(\w+)", str(answer))}
    assert roots >= {"HeadlineFigures", "FollowUpAnswer", "PipelineAnswer", "Flow", "Reach"}
    assert [field for root in sorted(roots) for field in undescribed(root, seen)] == []


def test_the_schema_is_generated_once_per_language(client, monkeypatch):
    from drf_spectacular.generators import SchemaGenerator

    from sscportal.api.views import OncePerLanguageSchemaGenerator

    monkeypatch.setattr(OncePerLanguageSchemaGenerator, "generated", {})
    generations = []
    generate = SchemaGenerator.get_schema
    monkeypatch.setattr(
        SchemaGenerator,
        "get_schema",
        lambda self, **kwargs: generations.append(1) or generate(self, **kwargs),
    )
    first = client.get("/api/schema/", {"format": "json"})
    assert client.get("/api/schema/", {"format": "json"}).content == first.content
    assert len(generations) == 1
    spanish = client.get("/api/schema/", {"format": "json", "lang": "es"})
    assert spanish.json()["info"]["title"] == "API de SSC Portal" and len(generations) == 2
