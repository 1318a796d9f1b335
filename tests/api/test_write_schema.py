"""The OpenAPI schema documents the write operations: request bodies (the write serializers, with no
read-only field), answers (the record's detail), If-Match, and the errors with their shape."""

import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

RESOURCES = ["programmes", "study-tours", "events", "practices", "adoptions", "participations"]


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    out = io.StringIO()
    with django_db_blocker.unblock():
        call_command("spectacular", "--fail-on-warn", "--format", "openapi-json", stdout=out)
    return json.loads(out.getvalue())


def body_schema(schema, operation):
    reference = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return schema["components"]["schemas"][reference.rsplit("/", 1)[1]]


@pytest.mark.parametrize("resource", RESOURCES)
def test_each_owned_resource_documents_create_update_delete_upsert_and_workflow(schema, resource):
    paths = schema["paths"]
    detail = next(
        path for path in paths if path.startswith(f"/api/v1/{resource}/{{") and path.count("/") == 5
    )
    create = paths[f"/api/v1/{resource}/"]["post"]
    assert {"201", "400", "401", "403", "415"} <= set(create["responses"])
    fields = set(body_schema(schema, create)["properties"])
    assert "owner" in fields and "external_id" in fields
    assert not fields & {"id", "url", "public_url", "publication_status", "created_at", "updated_at"}
    for method in ("put", "patch", "delete"):
        operation = paths[detail][method]
        assert {"400", "403", "404", "412"} <= set(operation["responses"]), (resource, method)
        assert "If-Match" in {parameter["name"] for parameter in operation.get("parameters", [])}
    assert "409" in paths[detail]["delete"]["responses"]
    upsert = paths[f"/api/v1/{resource}/external/{{external_id}}/"]["put"]
    assert {"200", "201", "400", "403", "412"} <= set(upsert["responses"])
    for action in ("submit", "publish", "unpublish"):
        workflow = paths[f"{detail}{action}/"]["post"]
        assert "requestBody" not in workflow
        assert {"200", "400", "403", "404"} <= set(workflow["responses"])


def test_a_study_tour_body_documents_its_participations_and_participants(schema):
    create = schema["paths"]["/api/v1/study-tours/"]["post"]
    participations = body_schema(schema, create)["properties"]["participations"]
    assert participations["type"] == "array"
    item = schema["components"]["schemas"][participations["items"]["$ref"].rsplit("/", 1)[1]]
    assert set(item["properties"]) == {"participant", "role"}


def test_writes_answer_the_records_detail(schema):
    answer = schema["paths"]["/api/v1/programmes/"]["post"]["responses"]["201"]
    assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/Programme")
