"""The outcome figures through the API (/api/v1/indicators/follow-up/, pipeline/, flows/, reach/): the
same numbers as programmes.indicators and the impact page, the programme list's filters (a bad value is
a 400 naming it), published records only, and the same queries for little and much data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import PublicationStatus
from tests import factories
from tests.programmes.test_indicators import adoption, took_part

pytestmark = pytest.mark.django_db

API = "/api/v1/indicators/"


@pytest.fixture
def outcomes():
    tour = factories.StudyTourFactory(start_date=datetime.date(2024, 11, 18))
    took_part(tour, country="CRI", answers=[(True, True)])
    took_part(tour, country="CRI", answers=[(False, False)])
    took_part(tour, country="PHL", participant__name="Ana Secret")
    took_part(tour, country="GTM", answers=[(True, False)], publication_status=PublicationStatus.DRAFT)
    adoption(
        "MYS",
        "CRI",
        [("interest", datetime.date(2025, 1, 1)), ("piloting", datetime.date(2025, 1, 31))],
        activity=tour,
    )
    adoption("COL", "PHL", [("interest", datetime.date(2025, 2, 1))], activity=tour)
    return tour


def get(client, path, **params):
    response = client.get(API + path, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_follow_up_overall_and_by_country_with_denominators(client, outcomes):
    answer = get(client, "follow-up/")
    assert answer["by"] == "country"
    applied = answer["overall"]["skills_applied"]
    assert (applied["numerator"], applied["denominator"], applied["participants"]) == (1, 2, 3)
    assert (applied["percent"], applied["coverage_percent"]) == (50, 67)
    groups = {group["key"]: group for group in answer["groups"]}
    assert groups["CRI"]["name"] == "Costa Rica" and groups["CRI"]["policy_measure"]["numerator"] == 1
    assert groups["PHL"]["skills_applied"]["percent"] is None  # took part, never answered
    assert "GTM" not in groups  # a draft participation
    assert "Ana Secret" not in str(answer)


def test_follow_up_by_year_and_by_activity(client, outcomes):
    assert [group["key"] for group in get(client, "follow-up/", by="year")["groups"]] == [2024]
    assert [group["key"] for group in get(client, "follow-up/", by="activity")["groups"]] == [outcomes.slug]


def test_pipeline_and_flows(client, outcomes):
    pipeline = get(client, "pipeline/")
    stages = {stage["stage"]: stage for stage in pipeline["stages"]}
    assert pipeline["total"] == 2 and stages["piloting"]["now"] == 1 and stages["interest"]["reached"] == 2
    assert stages["piloting"]["average_days"] == 30.0
    assert (pipeline["by"], pipeline["groups"]) == (None, [])
    by_country = get(client, "pipeline/", by="adopting_country")
    assert by_country["by"] == "adopting_country" and by_country["total"] == 2
    groups = {group["key"]: group for group in by_country["groups"]}
    assert set(groups) == {"CRI", "PHL"} and sum(group["total"] for group in groups.values()) == 2
    assert all(group["name"] and len(group["stages"]) == 5 for group in groups.values())
    flows = get(client, "flows/", level="country")
    assert {(flow["origin"], flow["adopting"], flow["total"]) for flow in flows} == {
        ("MYS", "CRI", 1),
        ("COL", "PHL", 1),
    }
    assert {flow["origin"] for flow in get(client, "flows/")} == {"142", "019"}  # M49 regions
    subregions = get(client, "flows/", level="subregion")
    assert {(flow["origin"], flow["adopting_name"]) for flow in subregions} == {
        ("035", "Latin America and the Caribbean"),  # from South-eastern Asia
        ("419", "South-eastern Asia"),
    }


def test_reach(client, outcomes):
    answer = get(client, "reach/")
    assert answer["participants"] == 3
    assert {item["key"]: item["count"] for item in answer["by_gender"]} == {"female": 3}
    assert answer["by_year"] == [{"year": 2024, "participants": 3, "activities": 1}]


def test_the_programme_filters_choose_what_counts(client, outcomes):
    factories.StudyTourFactory(host_country=factories.country("THA"))
    assert get(client, "pipeline/", country="COL")["total"] == 2
    assert get(client, "pipeline/", country="THA")["total"] == 0
    assert get(client, "reach/", country="THA")["participants"] == 0


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("follow-up/", {"by": "shoe-size"}, "by"),
        ("flows/", {"level": "planet"}, "level"),
        ("reach/", {"region": "nowhere"}, "region"),
        ("pipeline/", {"year": "abc"}, "year"),
        ("pipeline/", {"by": "planet"}, "by"),
    ],
)
def test_bad_parameters_are_400s_naming_the_field(client, path, params, field):
    response = client.get(API + path, params)
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_the_figures_take_the_same_queries_for_little_and_much_data(client, outcomes):
    def queries():
        counts = []
        paths = ("follow-up/", "follow-up/?by=programme", "pipeline/", "pipeline/?by=adopting_country")
        for path in (*paths, "pipeline/?by=practice", "flows/", "reach/?region=019"):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(API + path).status_code == 200
            counts.append(len(captured))
        return counts

    few = queries()
    for iso3 in ("THA", "VNM", "IDN", "PER"):
        tour = factories.StudyTourFactory(host_country=factories.country(iso3), end_date=None)
        took_part(tour, country=iso3, answers=[(True, False)])
        adoption("COL", iso3, [("interest", datetime.date(2025, 1, 1))], activity=tour)
    assert queries() == few
