"""The shared filters of programmes and activities: three rows, one filter, the rows that match."""

import datetime

import pytest

from partners.models import PublicationStatus
from programmes.choices import ActivityFormat, EventKind, Modality, ProgrammeStatus
from programmes.filtersets import ActivityFilterSet, ProgrammeFilterSet
from programmes.models import Activity, CapacityBuildingEvent, Programme, SustainableDevelopmentGoal, Theme
from tests import factories

pytestmark = pytest.mark.django_db


def programmes(**params):
    filterset = ProgrammeFilterSet(params, queryset=Programme.objects.all())
    return filterset, set(filterset.qs)


def activities(queryset=None, **params):
    filterset = ActivityFilterSet(params, queryset=queryset or Activity.objects.all())
    return filterset, set(filterset.qs)


def theme(slug):
    return Theme.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]


# Programmes ----------------------------------------------------------------------------------------


def test_q_finds_programmes_by_title_or_summary_in_either_language():
    by_title = factories.ProgrammeFactory(title="Green entrepreneurship")
    by_summary = factories.ProgrammeFactory(summary_es="Emprendimiento verde en América Latina")
    factories.ProgrammeFactory(title="Digital trade", summary="Customs")
    _, found = programmes(q="  green ")
    assert found == {by_title}
    _, found = programmes(q="verde")
    assert found == {by_summary}


def test_region_matches_partner_countries_and_activity_host_countries_at_any_m49_level():
    partner_in_region = factories.ProgrammeFactory()
    factories.ProgrammePartnerFactory(
        programme=partner_in_region, agency=factories.AgencyFactory(country=factories.country("THA"))
    )
    hosting_in_region = factories.ProgrammeFactory()
    factories.StudyTourFactory(programme=hosting_in_region, host_country=factories.country("MYS"))
    elsewhere = factories.ProgrammeFactory()
    factories.ProgrammePartnerFactory(programme=elsewhere)  # agency in Colombia
    for code in ("M49-035", "m49-035", "035", "142"):  # South-eastern Asia, by code or M49; Asia
        filterset, found = programmes(region=code)
        assert filterset.is_valid(), code
        assert found == {partner_in_region, hosting_in_region}, code


def test_region_and_country_follow_an_agency_that_moves_and_one_that_joins(django_assert_num_queries):
    programme = factories.ProgrammeFactory()
    agency = factories.AgencyFactory(country=factories.country("THA"))
    factories.ProgrammePartnerFactory(programme=programme, agency=agency)
    assert programmes(region="035")[1] == {programme} == programmes(country="tha")[1]
    with django_assert_num_queries(1):  # the programmes: the region and its places come from the cache
        assert programmes(region="035")[1] == {programme}
    agency.country = factories.country("COL")
    agency.save()  # a change to public data renews the places kept for each region and country
    assert programmes(region="035")[1] == set() == programmes(country="tha")[1]
    newcomer = factories.ProgrammeFactory()
    factories.ProgrammePartnerFactory(
        programme=newcomer, agency=factories.AgencyFactory(country=factories.country("MYS"))
    )
    assert programmes(region="035")[1] == {newcomer}


def test_region_lists_a_programme_once_however_many_partners_match():
    programme = factories.ProgrammeFactory()
    for _ in range(3):
        factories.ProgrammePartnerFactory(programme=programme)  # agencies in Colombia
    filterset = ProgrammeFilterSet({"region": "419"}, queryset=Programme.objects.all())
    assert list(filterset.qs) == [programme]
    assert filterset.qs.count() == 1


def test_region_ignores_activities_the_visitor_may_not_view():
    programme = factories.ProgrammeFactory()
    factories.StudyTourFactory(
        programme=programme, host_country=factories.country("MYS"), publication_status=PublicationStatus.DRAFT
    )
    _, found = programmes(region="035")
    assert found == set()


def test_country_is_an_iso3_code_in_any_case():
    colombian = factories.ProgrammeFactory()
    factories.ProgrammePartnerFactory(programme=colombian)
    hosted_in_colombia = factories.ProgrammeFactory()
    factories.StudyTourFactory(programme=hosted_in_colombia)
    thai = factories.ProgrammeFactory()
    factories.ProgrammePartnerFactory(
        programme=thai, agency=factories.AgencyFactory(country=factories.country("THA"))
    )
    _, found = programmes(country="col")
    assert found == {colombian, hosted_in_colombia}


def test_agency_is_a_partner_agency_slug():
    apc = factories.AgencyFactory(slug="apc-colombia")
    first, second = factories.ProgrammeFactory(), factories.ProgrammeFactory()
    factories.ProgrammePartnerFactory(programme=first, agency=apc)
    factories.ProgrammePartnerFactory(programme=second, agency=apc, role="lead")
    factories.ProgrammePartnerFactory(programme=factories.ProgrammeFactory())
    _, found = programmes(agency="apc-colombia")
    assert found == {first, second}


def test_theme_is_a_theme_slug():
    green = theme("green-transition")
    first, second, other = (factories.ProgrammeFactory() for _ in range(3))
    first.themes.add(green)
    second.themes.add(green, theme("digital-trade"))
    other.themes.add(theme("digital-trade"))
    _, found = programmes(theme="green-transition")
    assert found == {first, second}


def test_sdg_is_a_goal_number():
    first, second, other = (factories.ProgrammeFactory() for _ in range(3))
    first.sdgs.add(8)
    second.sdgs.add(8, 9)
    other.sdgs.add(SustainableDevelopmentGoal.objects.get(number=9))
    _, found = programmes(sdg="8")
    assert found == {first, second}


def test_modality_and_status_use_the_models_choices():
    triangular = factories.ProgrammeFactory(modality=Modality.TRIANGULAR)
    completed = factories.ProgrammeFactory(status=ProgrammeStatus.COMPLETED)
    factories.ProgrammeFactory(modality=Modality.BILATERAL)
    assert programmes(modality="triangular")[1] == {triangular}
    assert programmes(status="completed")[1] == {completed}


def test_year_lists_programmes_running_in_that_year():
    open_ended = factories.ProgrammeFactory(start_date=datetime.date(2022, 1, 1), end_date=None)
    ending_that_year = factories.ProgrammeFactory(
        start_date=datetime.date(2020, 5, 1), end_date=datetime.date(2023, 2, 1)
    )
    factories.ProgrammeFactory(start_date=datetime.date(2024, 1, 1))  # starts later
    factories.ProgrammeFactory(start_date=datetime.date(2019, 1, 1), end_date=datetime.date(2022, 12, 31))
    _, found = programmes(year="2023")
    assert found == {open_ended, ending_that_year}


def test_filters_combine():
    green = theme("green-transition")
    wanted = factories.ProgrammeFactory(modality=Modality.TRIANGULAR)
    wanted.themes.add(green)
    factories.ProgrammeFactory(modality=Modality.TRIANGULAR)
    factories.ProgrammeFactory().themes.add(green)
    assert programmes(modality="triangular", theme="green-transition")[1] == {wanted}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("country", "ZZZ"),
        ("region", "M49-999"),
        ("region", "FEALAC"),  # a group, not a geographic region
        ("agency", "no-such-agency"),
        ("theme", "no-such-theme"),
        ("sdg", "99"),
        ("sdg", "eight"),
        ("modality", "sideways"),
        ("status", "lost"),
        ("year", "abc"),
        ("year", "20231"),
        ("sort", "budget"),
    ],
)
def test_a_bad_value_is_a_form_error_and_that_filter_is_left_out(name, value):
    """The FilterSet never raises on a bad value: the form reports it, and the other filters still
    apply (the public pages use strict=False; the API answers 400 with the same errors)."""
    triangular = factories.ProgrammeFactory(modality=Modality.TRIANGULAR)
    factories.ProgrammeFactory(modality=Modality.BILATERAL)
    params = {name: value} if name == "modality" else {name: value, "modality": "triangular"}
    filterset, found = programmes(**params)
    assert not filterset.is_valid()
    assert name in filterset.errors
    expected = {triangular} if name != "modality" else set(Programme.objects.all())
    assert found == expected


def test_sort_orders_by_title_or_start_date():
    middle = factories.ProgrammeFactory(title="Beta", start_date=datetime.date(2021, 1, 1))
    last = factories.ProgrammeFactory(title="Gamma", start_date=datetime.date(2020, 1, 1))
    first = factories.ProgrammeFactory(title="Alpha", start_date=datetime.date(2022, 1, 1))
    qs = Programme.objects.all()
    assert list(ProgrammeFilterSet({"sort": "title"}, queryset=qs).qs) == [first, middle, last]
    assert list(ProgrammeFilterSet({"sort": "start_date"}, queryset=qs).qs) == [last, middle, first]
    assert list(ProgrammeFilterSet({"sort": "-start_date"}, queryset=qs).qs) == [first, middle, last]


# Activities ----------------------------------------------------------------------------------------


def test_activity_q_searches_title_and_summary():
    wanted = factories.StudyTourFactory(title="Visit to green SMEs")
    also = factories.EventFactory(summary="Green finance")
    factories.StudyTourFactory(title="Customs")
    assert activities(q="green")[1] == {wanted, also}


def test_activity_region_and_country_are_the_host_countrys():
    bogota = factories.StudyTourFactory()
    kuala_lumpur = factories.StudyTourFactory(host_country=factories.country("MYS"))
    bangkok = factories.StudyTourFactory(host_country=factories.country("THA"))
    factories.StudyTourFactory(format=ActivityFormat.VIRTUAL, host_country=None)
    assert activities(region="M49-035")[1] == {kuala_lumpur, bangkok}
    assert activities(region="419")[1] == {bogota}
    assert activities(country="mys")[1] == {kuala_lumpur}


def test_activity_programme_is_a_programme_slug():
    programme = factories.ProgrammeFactory(slug="interregional")
    first = factories.StudyTourFactory(programme=programme)
    second = factories.EventFactory(programme=programme)
    factories.StudyTourFactory()
    assert activities(programme="interregional")[1] == {first, second}


def test_activity_organiser_is_an_organising_agencys_slug():
    apc = factories.AgencyFactory(slug="apc-colombia")
    first, second, _other = (
        factories.StudyTourFactory(),
        factories.EventFactory(),
        factories.StudyTourFactory(),
    )
    first.organisers.add(apc, factories.AgencyFactory())
    second.organisers.add(apc)
    assert activities(organiser="apc-colombia")[1] == {first, second}


def test_activity_programme_choices_leave_out_drafts_of_others():
    draft = factories.ProgrammeFactory(slug="secret", publication_status=PublicationStatus.DRAFT)
    factories.StudyTourFactory(programme=draft, publication_status=PublicationStatus.PUBLISHED)
    filterset, _ = activities(programme="secret")
    assert "programme" in filterset.errors


def test_activity_theme_year_format_and_event_kind():
    green = theme("green-transition")
    themed = factories.StudyTourFactory()
    themed.themes.add(green)
    of_2023 = factories.StudyTourFactory(
        start_date=datetime.date(2023, 12, 30), end_date=datetime.date(2024, 1, 2)
    )
    factories.StudyTourFactory(start_date=datetime.date(2022, 3, 1), end_date=datetime.date(2022, 3, 5))
    virtual = factories.EventFactory(format=ActivityFormat.VIRTUAL, host_country=None)
    webinar = factories.EventFactory(event_kind=EventKind.WEBINAR)
    assert activities(theme="green-transition")[1] == {themed}
    assert activities(year="2023")[1] == {of_2023}
    assert activities(format="virtual")[1] == {virtual}
    events = CapacityBuildingEvent.objects.all()
    assert activities(events, event_kind="webinar")[1] == {webinar}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("country", "ZZZ"),
        ("region", "nowhere"),
        ("organiser", "no-such-agency"),
        ("year", "abc"),
        ("event_kind", "party"),
        ("format", "x"),
    ],
)
def test_activity_bad_value_is_a_form_error_and_that_filter_is_left_out(name, value):
    tours = {factories.StudyTourFactory(), factories.StudyTourFactory()}
    filterset, found = activities(**{name: value})
    assert name in filterset.errors
    assert found == tours


def test_activity_sort_by_start_date():
    older = factories.StudyTourFactory(start_date=datetime.date(2023, 1, 1), end_date=None)
    newer = factories.StudyTourFactory(start_date=datetime.date(2024, 1, 1), end_date=None)
    filterset = ActivityFilterSet({"sort": "start_date"}, queryset=Activity.objects.all())
    assert list(filterset.qs) == [older, newer]
