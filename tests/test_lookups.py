"""keys_in(): a key or a foreign key among some integer keys, the same rows as Django's __in, sent to
PostgreSQL as one array parameter (sscportal/lookups.py), to SQLite as Django's IN."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import Activity, Programme
from sscportal.lookups import keys_in
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def programmes():
    return [factories.ProgrammeFactory() for _ in range(3)]


def test_the_same_rows_as_in(programmes):
    first, second, third = programmes
    tours = [
        factories.StudyTourFactory(programme=programme, owner=programme.owner) for programme in programmes
    ]
    for keys in ([first.pk], [first.pk, third.pk], {second.pk, third.pk, 10**12}, [first.pk, None]):
        chosen = Programme.objects.filter(keys_in("pk", keys))
        assert set(chosen) == set(Programme.objects.filter(pk__in=keys))
        by_programme = Activity.objects.filter(keys_in("programme", keys))  # a foreign key
        assert set(by_programme) == set(Activity.objects.filter(programme__in=keys))
    assert set(Activity.objects.filter(keys_in("programme", [second.pk]))) == {tours[1]}
    assert set(Programme.objects.filter(~keys_in("pk", [first.pk]))) == {second, third}


def test_no_keys_match_no_row_without_a_query(programmes):
    with CaptureQueriesContext(connection) as queries:
        assert list(Programme.objects.filter(keys_in("pk", []))) == []
        assert list(Programme.objects.filter(keys_in("pk", [None]))) == []
    assert len(queries) == 0
    assert Programme.objects.filter(keys_in("pk", []) | keys_in("pk", [programmes[0].pk])).count() == 1


def test_a_queryset_is_a_subquery(programmes):
    chosen = Programme.objects.filter(pk=programmes[1].pk)
    with CaptureQueriesContext(connection) as queries:
        assert list(Programme.objects.filter(keys_in("pk", chosen))) == [programmes[1]]
    assert len(queries) == 1 and queries[0]["sql"].count("SELECT") == 2


def test_postgresql_gets_the_keys_as_one_array_parameter(programmes):
    keys = [programme.pk for programme in programmes]
    sql, params = Programme.objects.filter(keys_in("pk", keys)).query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(%s::bigint[])" in sql
        assert params == ("{%s}" % ",".join(map(str, sorted(keys))),)  # noqa: UP031
    else:
        assert " IN (" in sql and list(params) == keys
