"""A property-based run of schemathesis against the live OpenAPI schema (/api/schema/), in-process
through Django's WSGI application (no network) with the test database holding the reference and demo
data: no operation answers with a server error, and every answer conforms to the schema (its status
code is documented, its content type is declared, its body matches the declared schema).

schemathesis' default phases (the schema's examples, coverage of each parameter's edge values, then
fuzzing) and both generation modes (valid and invalid input: bad input must be a documented 4xx) run as
an anonymous client. Bounded for CI: a few derandomized examples per operation and no deadline, so the
run is deterministic and takes well under a minute and a half.

Every operation of the schema is a test of its own, with no filter by method: write operations
(POST/PUT/PATCH/DELETE) are included automatically when they appear (anonymous, they must answer a
documented 401/403; what each example writes is rolled back with its operation's test). The write
operations run a second time with an editor's token of an agency of the demo data, so that bodies of
every shape reach the serializers, the models' rules and the services: fewer examples each (writes
are slower), the same checks.
"""

import io

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from partners.models import Agency, PartnerSystem
from partners.services import partner_system_issue_token, partner_system_save

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# schemathesis' WSGI transport asks for gzip, as HTTP clients do, but does not decompress what it gets, as
# they do; anonymous answers are gzipped (sscportal.cache.PublicPageGZipMiddleware, tested in
# tests/test_page_cache.py), so these checks read them plain.
PLAIN = {"Accept-Encoding": "identity"}


# The schema served by the running application. It is read once, when the tests are collected: its
# view needs no database, and Django's test settings (which allow `testserver` only) are not in force yet,
# while schemathesis' WSGI client sends `Host: localhost`.
with override_settings(ALLOWED_HOSTS=["localhost"]):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the module (each operation is a test of its own) in a transaction
    that is rolled back at the end; every test's own transaction nests inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_data", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _localhost_allowed(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]


@pytest.fixture(autouse=True)
def _connection_kept_open():
    """Requests go through the WSGI handler, which closes the database connection when a request starts
    and ends; inside the test's transaction that would end it (PostgreSQL). Django's test client keeps
    the connection the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=15,  # per operation, in the fuzzing phase (the examples and coverage phases add a few)
    derandomize=True,  # the same cases on every run: CI fails only when the code changes
    deadline=None,  # a request goes through the whole Django stack; time is bounded by max_examples
    # Only a warning about slow data generation (many query parameters) on a loaded 2-core CI machine;
    # every other health check stays on.
    suppress_health_check=[HealthCheck.too_slow],
)
def test_every_operation_answers_without_a_server_error_and_as_its_schema_says(demo_data, case):
    case.call_and_validate(headers=PLAIN, checks=CHECKS)


@pytest.fixture(scope="module")
def editor_token(demo_data, django_db_blocker):
    """An editor's token of APC Colombia (which owns records in the demo data), rolled back with them."""
    with django_db_blocker.unblock():
        system = partner_system_save(
            partner_system=PartnerSystem(
                agency=Agency.objects.get(slug="apc-colombia"), name="schemathesis", role="editor"
            ),
            user=None,
        )
        return partner_system_issue_token(partner_system=system, user=None)[1]


@schema.include(method=["POST", "PUT", "PATCH", "DELETE"]).parametrize()
@hypothesis_settings(
    max_examples=5,  # per write operation, in the fuzzing phase
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
def test_every_write_with_a_token_answers_without_a_server_error_and_as_its_schema_says(
    demo_data, editor_token, case
):
    case.call_and_validate(headers={"Authorization": f"Token {editor_token}"}, checks=CHECKS)


def test_a_path_under_the_api_that_fits_no_route_is_the_apis_json_404(client):
    response = client.get("/api/v1/countries/not-an-iso3-code/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["code"] == "not_found"
