"""Filters of the API: the very FilterSets of the public pages, `updated_since` on every resource, and
bad values answered with a 400 naming the parameter, never a 500."""

import datetime

import pytest
from django.utils import timezone

from partners.api.views import AgencyViewSet, CountryViewSet
from partners.models import Agency
from partners.views import AgencyListView, CountryListView
from programmes.api.views import (
    CapacityBuildingEventViewSet,
    PolicyAdoptionViewSet,
    ProgrammeViewSet,
    StudyTourViewSet,
)
from programmes.models import Programme, Theme
from programmes.views import (
    CapacityBuildingEventListView,
    PolicyAdoptionListView,
    ProgrammeListView,
    StudyTourListView,
)
from tests import factories
from tests.api.conftest import LIST_RESOURCES, errors_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("viewset", "page"),
    [
        (ProgrammeViewSet, ProgrammeListView),
        (StudyTourViewSet, StudyTourListView),
        (CapacityBuildingEventViewSet, CapacityBuildingEventListView),
        (PolicyAdoptionViewSet, PolicyAdoptionListView),
        (CountryViewSet, CountryListView),
        (AgencyViewSet, AgencyListView),
    ],
)
def test_the_api_and_the_public_page_share_one_filterset(viewset, page):
    assert viewset.filterset_class is page.filterset_class


def test_region_and_theme_mean_the_same_on_the_public_page_and_in_the_api(client):
    theme, other_theme = Theme.objects.order_by("pk")[:2]
    colombia = factories.AgencyFactory(country=factories.country("COL"))
    malaysia = factories.AgencyFactory(country=factories.country("MYS"))
    expected = set()
    for number, (agency, chosen_theme) in enumerate(
        [(colombia, theme), (colombia, other_theme), (malaysia, theme), (colombia, theme)]
    ):
        programme = factories.ProgrammeFactory(title=f"Programme {number}")
        programme.themes.add(chosen_theme)
        factories.ProgrammePartnerFactory(programme=programme, agency=agency)
        if agency == colombia and chosen_theme == theme:
            expected.add(programme.pk)

    query = f"region=419&theme={theme.slug}"
    page = client.get(f"/programmes/?{query}")
    api = client.get(f"/api/v1/programmes/?{query}")

    assert {programme.pk for programme in page.context["object_list"]} == expected
    assert {row["id"] for row in api.json()["results"]} == expected
    assert len(expected) == 2


def test_text_search_and_sorting_come_from_the_filterset(client):
    factories.ProgrammeFactory(title="Green entrepreneurship", slug="green")
    factories.ProgrammeFactory(title="Digital trade", slug="digital")
    factories.ProgrammeFactory(title="Another green idea", slug="another")
    found = client.get("/api/v1/programmes/?q=green&sort=title").json()["results"]
    assert [row["slug"] for row in found] == ["another", "green"]


@pytest.mark.parametrize("resource", LIST_RESOURCES)
def test_every_list_takes_updated_since(client, resource):
    assert client.get(f"/api/v1/{resource}/?updated_since=2026-01-31T12:00:00Z").status_code == 200


def test_updated_since_gives_the_rows_changed_at_or_after_the_moment(client):
    old = factories.ProgrammeFactory(slug="old")
    recent = factories.ProgrammeFactory(slug="recent")
    Programme.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=3))
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    response = client.get("/api/v1/programmes/", {"updated_since": since})
    assert [row["slug"] for row in response.json()["results"]] == ["recent"]

    recent.refresh_from_db()
    on_the_dot = client.get("/api/v1/programmes/", {"updated_since": recent.updated_at.isoformat()})
    assert [row["slug"] for row in on_the_dot.json()["results"]] == ["recent"]
    a_date = client.get("/api/v1/programmes/", {"updated_since": timezone.now().date().isoformat()})
    assert [row["slug"] for row in a_date.json()["results"]] == ["recent"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("updated_since=yesterday", "updated_since"),
        ("updated_since=2026-13-45T99:00:00", "updated_since"),
        ("country=XXX", "country"),
        ("region=nowhere", "region"),
        ("theme=no-such-theme", "theme"),
        ("sdg=99", "sdg"),
        ("sdg=abc", "sdg"),
        ("year=abc", "year"),
        ("modality=sideways", "modality"),
        ("sort=colour", "sort"),
        ("page_size=abc", "page_size"),
        ("page_size=0", "page_size"),
        ("page=abc", "page"),
        ("page=-1", "page"),
        ("walk=backwards", "walk"),
        ("cursor=not-a-cursor", "cursor"),
    ],
)
def test_a_bad_value_is_a_400_naming_the_parameter(client, query, field):
    response = client.get(f"/api/v1/programmes/?{query}")
    assert response.status_code == 400, response.content
    assert field in errors_of(response)


@pytest.mark.parametrize(
    ("resource", "query", "field"),
    [
        ("study-tours", "country=ZZZ", "country"),
        ("adoptions", "stage=finished", "stage"),
        ("countries", "region=atlantis", "region"),
        ("agencies", "kind=club", "kind"),
        ("country-groups", "kind=club", "kind"),
        ("participations", "activity=nothing", "activity"),
        ("follow-ups", "applies_skills=perhaps", "applies_skills"),
        ("sdgs", "updated_since=soon", "updated_since"),
    ],
)
def test_bad_values_on_other_resources_are_400s_too(client, resource, query, field):
    response = client.get(f"/api/v1/{resource}/?{query}")
    assert response.status_code == 400, response.content
    assert field in errors_of(response)


@pytest.mark.parametrize(
    "query",
    [
        "q=%00%01",
        "q=" + "x" * 5000,
        "q=-",
        'q="unclosed',
        "updated_since=%00",
        "cursor=%FF%FE",
        "page=99999999999999999999",
    ],
)
def test_strange_input_never_gives_a_500(client, query):
    factories.ProgrammeFactory()
    assert client.get(f"/api/v1/programmes/?{query}").status_code in (200, 400, 404)


def test_agencies_filter_by_kind_with_the_public_filterset(client):
    factories.AgencyFactory(kind="un_entity", slug="escap")
    factories.AgencyFactory(slug="apc")
    slugs = [row["slug"] for row in client.get("/api/v1/agencies/?kind=un_entity").json()["results"]]
    assert slugs == list(Agency.objects.filter(kind="un_entity").values_list("slug", flat=True))
    assert "escap" in slugs
    assert "apc" not in slugs


def cursor_of(values):
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


@pytest.mark.parametrize(
    "query",
    [
        "updated_since=9999-12-31T23:59:59-12:00",
        "updated_since=0001-01-01T00:00:00%2B12:00",
        "updated_since=2026-01-01T00:00:00%2B99:00",
        f"cursor={cursor_of(['2026-01-01T00:00:00+00:00', 10**30])}",
        f"cursor={cursor_of(['9999-12-31T23:59:59-12:00', 1])}",
        f"cursor={cursor_of([True])}",
        f"cursor={cursor_of({'a': 1})}",
    ],
)
def test_extreme_timestamps_and_forged_cursors_never_give_a_500(client, query):
    factories.ProgrammeFactory()
    assert client.get(f"/api/v1/programmes/?{query}").status_code in (200, 400)


def test_reference_data_has_no_update_time_so_updated_since_returns_it_whole(client):
    everything = client.get("/api/v1/sdgs/").json()["count"]
    assert client.get("/api/v1/sdgs/?updated_since=2099-01-01T00:00:00Z").json()["count"] == everything == 17


def test_country_groups_are_searched_by_name_in_either_language_and_by_code(client):
    def codes(query):
        return {group["code"] for group in client.get(f"/api/v1/country-groups/?{query}").json()["results"]}

    assert "FEALAC" in codes("q=fealac") and "APEC" not in codes("q=fealac")
    assert "APEC" in codes("q=Asia-Pacific Economic")
