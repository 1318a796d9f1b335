"""Rows of the public lists kept in the cache (sscportal.fragments): reused by the next page that lists
them, renewed by any change to public data, kept per language, and never a reason for more queries."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from programmes.models import Programme, Theme
from sscportal.fragments import rendered_rows
from tests import factories

pytestmark = pytest.mark.django_db

PROGRAMMES = "/programmes/"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # whole pages are not kept: what is reused is the rows


def programmes(count):
    theme = Theme.objects.get_or_create(slug="green-transition", defaults={"name": "Green transition"})[0]
    made = []
    for number in range(count):
        programme = factories.ProgrammeFactory(title=f"Programme number {number}")
        programme.themes.add(theme)
        factories.ProgrammePartnerFactory(programme=programme)
        made.append(programme)
    return made


def get(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response, len(queries)


def test_the_next_request_takes_the_rows_from_the_cache_with_fewer_queries(client):
    programmes(3)
    first, cold = get(client, PROGRAMMES)
    second, warm = get(client, PROGRAMMES)
    assert warm < cold  # no reading of the rows' programmes, themes and partners
    assert second.context["rows"] == first.context["rows"]
    assert "Programme number 2" in second.content.decode()


def test_a_page_of_another_filter_reuses_the_rows_it_shares(client):
    programmes(3)
    get(client, PROGRAMMES)
    _response, warm = get(client, PROGRAMMES)
    other, other_queries = get(client, PROGRAMMES + "?sort=title")
    assert other_queries == warm  # a new page, but every row of it was rendered before
    assert other.context["rows"][0].count("Programme number 0") == 1


def test_a_change_to_a_record_renews_its_row(client):
    programme = programmes(1)[0]
    assert "Programme number 0" in client.get(PROGRAMMES).content.decode()
    programme.title = "Renamed programme"
    programme.save()
    page = client.get(PROGRAMMES).content.decode()
    assert "Renamed programme" in page and "Programme number 0" not in page


def test_a_change_to_a_related_record_renews_the_row(client):
    programme = programmes(1)[0]
    client.get(PROGRAMMES)
    theme = programme.themes.get()
    theme.name = "Digital trade"
    theme.save()
    assert "Digital trade" in client.get(PROGRAMMES).content.decode()


def test_rows_are_kept_per_language(client):
    programme = programmes(1)[0]
    programme.title_es = "Programma en español"
    programme.save()
    assert "Programme number 0" in client.get(PROGRAMMES).content.decode()
    assert "Programma en español" in client.get("/es" + PROGRAMMES).content.decode()
    assert "Programme number 0" in client.get(PROGRAMMES).content.decode()


def test_rows_come_in_the_order_of_the_page(rf):
    made = programmes(4)
    request = rf.get(PROGRAMMES)
    request.user = factories.agency_user(None)
    listed = Programme.objects.filter(pk__in=[p.pk for p in made]).order_by("-title")
    page = Paginator(listed, 2).page(2)
    with translation.override("en"):
        rows = rendered_rows(request, page, "programmes/includes/programme_row.html", "programme")
        again = rendered_rows(request, page, "programmes/includes/programme_row.html", "programme")
    assert [row.count("Programme number") for row in rows] == [1, 1]
    assert "Programme number 1" in rows[0] and "Programme number 0" in rows[1]
    assert again == rows


def test_the_page_and_the_count_of_all_rows_come_from_one_query(client):
    programmes(30)
    client.get(PROGRAMMES)  # rows into the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PROGRAMMES + "?page=2")
    assert response.context["paginator"].count == 30
    assert len(response.context["rows"]) == 5
    counting = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counting) == 1 and "OVER" in counting[0].upper()


@pytest.mark.parametrize("page", ["9", "0", "-1", "99999999999999999999", str(2**63 // 25 + 1)])
def test_a_page_beyond_the_end_counts_then_shows_the_nearest_page(client, page):
    programmes(3)
    response = client.get(PROGRAMMES, {"page": page})
    assert response.status_code == 200
    assert response.context["paginator"].count == 3
    assert len(response.context["rows"]) == 3
