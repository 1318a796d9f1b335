"""Each list endpoint makes the same number of SQL queries for 2 rows as for 6: related records come
from for_list() prefetches, never one query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.api.conftest import LIST_RESOURCES, family

pytestmark = pytest.mark.django_db

RESOURCES = LIST_RESOURCES


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.json()


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("output", ["", "&walk=sync"])
def test_a_list_costs_the_same_queries_for_2_rows_as_for_6(client, resource, output):
    owner = factories.AgencyFactory(slug="owner")
    factories.AgencyFactory(slug="second")
    client.force_login(factories.agency_user("editor", owner))  # sees the personal data too
    for number in range(2):
        family(owner, tag=f"first-{number}")
    path = f"/api/v1/{resource}/?page_size=6{output}"
    few, body = queries_for(client, path)
    if resource not in ("countries", "country-groups", "themes", "sdgs"):
        assert len(body["results"]) == 2
    for number in range(4):
        family(factories.AgencyFactory(country=factories.country("MYS")), tag=f"more-{number}")
        family(owner, tag=f"own-{number}")
    many, body = queries_for(client, path)
    assert len(body["results"]) == 6
    assert many == few
