"""Public pages of countries and agencies: published records only, roles shown, constant queries, in
English and Spanish, and sturdy against bad query parameters."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners.models import AgencyKind, PublicationStatus
from partners.views import LATEST
from programmes.choices import AdoptionStage, PartnerRole
from programmes.models import PolicyAdoption
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


@pytest.fixture
def colombian_agency():
    return factories.AgencyFactory(name="Agencia Presidencial de Cooperación", acronym="APC", slug="apc")


def make_country_records(agency, count):
    """`count` published rows of each kind around Colombia and `agency`."""
    for _ in range(count):
        partner = factories.ProgrammePartnerFactory(agency=agency, role=PartnerRole.LEAD)
        tour = factories.StudyTourFactory(owner=agency, programme=partner.programme)
        tour.organisers.add(agency)
        tour.institutions_visited.add(agency)
        factories.PracticeFactory(owner=agency, origin_country=factories.country("COL"), origin_agency=agency)
        factories.PolicyAdoptionFactory(
            owner=agency, adopting_country=factories.country("COL"), adopting_agency=agency
        )
        factories.ParticipationFactory(owner=agency, activity=tour)


# Country list


def test_country_list_shows_countries_with_their_published_counts(client, colombian_agency):
    partner = factories.ProgrammePartnerFactory(agency=colombian_agency)
    factories.ProgrammePartnerFactory(agency=colombian_agency, programme__publication_status=DRAFT)
    factories.StudyTourFactory(programme=partner.programme)
    response = client.get("/countries/")
    assert response.status_code == 200
    colombia = next(c for c in response.context["object_list"] if c.iso3 == "COL")
    assert (colombia.programme_count, colombia.activity_count) == (1, 1)
    text = page(client, "/countries/")
    assert "Colombia" in text and "Fiji" in text and "<title>Countries — SSC Portal</title>" in text


def test_country_list_counts_a_programme_once_when_several_agencies_of_a_country_take_part(client):
    partner = factories.ProgrammePartnerFactory()
    factories.ProgrammePartnerFactory(programme=partner.programme, role=PartnerRole.FUNDING)
    factories.ProgrammePartnerFactory(programme=partner.programme, agency__country=factories.country("MYS"))
    countries = {c.iso3: c for c in client.get("/countries/").context["object_list"]}
    assert countries["COL"].programme_count == 1
    assert countries["MYS"].programme_count == 1


def test_country_list_filters_by_region_and_search(client):
    asia = factories.country("MYS").region
    listed = {c.iso3 for c in client.get(f"/countries/?region={asia.slug}").context["object_list"]}
    assert "MYS" in listed and "COL" not in listed
    listed = {c.iso3 for c in client.get("/countries/?q=colom").context["object_list"]}
    assert listed == {"COL"}
    assert "No country matches" in page(client, "/countries/?q=nowhere-at-all")


def test_country_list_makes_the_same_number_of_queries_for_few_and_many_records(client, colombian_agency):
    make_country_records(colombian_agency, 2)
    few = queries_for(client, "/countries/")
    make_country_records(colombian_agency, 4)
    assert queries_for(client, "/countries/") == few


def test_country_list_marks_small_island_and_least_developed_countries(client):
    text = page(client, "/countries/?q=FJI")
    assert "Fiji" in text and "SIDS" in text


# Country detail


def test_country_page_shows_groups_programmes_with_roles_activities_practices_and_adoptions(
    client, colombian_agency
):
    partner = factories.ProgrammePartnerFactory(
        agency=colombian_agency, role=PartnerRole.FACILITATING, programme__title="Green MSMEs"
    )
    factories.StudyTourFactory(programme=partner.programme, title="Bogota study tour")
    factories.PracticeFactory(
        title="Green entrepreneurship training", origin_country=factories.country("COL")
    )
    factories.PolicyAdoptionFactory(
        adopting_country=factories.country("COL"),
        practice__title="ESG tool for MSMEs",
        stage=AdoptionStage.PILOTING,
    )
    text = page(client, "/countries/col/")
    for expected in (
        "<h1>Colombia</h1>",
        "Latin America and the Caribbean",
        "Green MSMEs",
        "Facilitating",
        "APC — Agencia Presidencial de Cooperación",
        "Bogota study tour",
        "Green entrepreneurship training",
        "ESG tool for MSMEs",
        "Malaysia",
        "Piloting",
    ):
        assert expected in text, expected
    assert "<title>Colombia — Countries — SSC Portal</title>" in text


def test_country_page_lists_the_groups_the_country_belongs_to(client):
    text = page(client, "/countries/col/")
    assert "Forum for East Asia-Latin America Cooperation (FEALAC)" in text
    assert "Upper-middle income" in text


def test_country_page_is_case_insensitive_and_unknown_codes_are_404(client):
    assert client.get("/countries/COL/").status_code == 200
    assert client.get("/countries/zzz/").status_code == 404


def test_country_page_never_shows_drafts_to_anonymous_visitors(client, colombian_agency):
    factories.ProgrammePartnerFactory(
        agency=colombian_agency,
        programme__title="Secret draft programme",
        programme__publication_status=DRAFT,
    )
    factories.StudyTourFactory(title="Draft tour", publication_status=DRAFT)
    factories.PracticeFactory(
        title="Draft practice", origin_country=factories.country("COL"), publication_status=DRAFT
    )
    factories.PolicyAdoptionFactory(
        adopting_country=factories.country("COL"), practice__title="Hidden practice", publication_status=DRAFT
    )
    text = page(client, "/countries/col/")
    for hidden in ("Secret draft programme", "Draft tour", "Draft practice", "Hidden practice"):
        assert hidden not in text, hidden
    assert "No published programme lists an agency of this country" in text


def test_country_page_makes_the_same_number_of_queries_for_few_and_many_records(client, colombian_agency):
    make_country_records(colombian_agency, 2)
    few = queries_for(client, "/countries/col/")
    make_country_records(colombian_agency, LATEST + 2)  # more than a section shows
    assert queries_for(client, "/countries/col/") == few


def dated_tours(count):
    """`count` published study tours in Colombia, a day apart, the newest first: Tour 0 is the most
    recent."""
    newest = datetime.date(2025, 6, 30)
    days = [newest - datetime.timedelta(days=n) for n in range(count)]
    return [
        factories.StudyTourFactory(title=f"Tour {n}", start_date=day, end_date=day)
        for n, day in enumerate(days)
    ]


def test_a_country_page_shows_the_most_recent_activities_and_links_to_all_of_them(client):
    dated_tours(LATEST + 2)
    factories.EventFactory(title="Workshop in Bogota")
    factories.StudyTourFactory(title="Draft tour", publication_status=DRAFT)
    text = page(client, "/countries/col/")
    assert "Tour 0" in text and f"Tour {LATEST - 1}<" in text
    assert f"Tour {LATEST}<" not in text and "Workshop in Bogota" not in text  # older than the ten shown
    assert f"The {LATEST} most recent are shown." in text
    assert f'<a href="/study-tours/?country=COL">See all {LATEST + 2} study tours</a>' in text  # no draft
    assert '<a href="/events/?country=COL">See all 1 event</a>' in text
    # The link's list is all of them.
    assert f"{LATEST + 2} study tours" in page(client, "/study-tours/?country=COL")


def test_a_country_page_shows_the_most_recent_adoptions_and_links_to_all_of_them(client):
    colombia = factories.country("COL")
    updated = timezone.now()
    for n in range(LATEST + 1):  # Practice 0 was updated longest ago
        adoption = factories.PolicyAdoptionFactory(adopting_country=colombia, practice__title=f"Practice {n}")
        PolicyAdoption.objects.filter(pk=adoption.pk).update(updated_at=updated + datetime.timedelta(days=n))
    factories.PolicyAdoptionFactory(adopting_country=colombia, publication_status=DRAFT)
    text = page(client, "/countries/col/")
    assert f"Practice {LATEST}<" in text and "Practice 1<" in text
    assert "Practice 0<" not in text
    assert f"The {LATEST} most recently updated are shown." in text
    assert f'<a href="/adoptions/?country=COL">See all {LATEST + 1} adoptions</a>' in text


def partnered_programmes(agency, count):
    """`count` published programmes with `agency` as a partner, a month apart: Programme 0 started last."""
    for n in range(count):
        factories.ProgrammePartnerFactory(
            agency=agency,
            programme__title=f"Programme {n}",
            programme__start_date=datetime.date(2025, 12, 1) - datetime.timedelta(days=30 * n),
        )


@pytest.mark.parametrize("path", ["/countries/col/", "/agencies/apc/"])
def test_a_page_shows_the_roles_in_the_most_recent_programmes_and_links_to_all_of_them(
    client, colombian_agency, path
):
    partnered_programmes(colombian_agency, LATEST + 1)
    factories.ProgrammePartnerFactory(agency=colombian_agency, programme__publication_status=DRAFT)
    text = page(client, path)
    assert "Programme 0<" in text and f"Programme {LATEST - 1}<" in text
    assert f"Programme {LATEST}<" not in text  # the oldest
    assert f"The {LATEST} roles in the most recent programmes are shown." in text
    filtered = "country=COL" if path.startswith("/countries/") else "agency=apc"
    assert f'<a href="/programmes/?{filtered}">See all {LATEST + 1} programmes</a>' in text


@pytest.mark.parametrize("path", ["/countries/col/", "/agencies/apc/"])
def test_a_page_with_few_roles_shows_them_all_without_a_link(client, colombian_agency, path):
    partnered_programmes(colombian_agency, LATEST)
    text = page(client, path)
    assert f"Programme {LATEST - 1}<" in text
    assert "roles in the most recent" not in text and "/programmes/?" not in text


def test_a_country_page_with_few_activities_shows_them_all_without_links(client):
    dated_tours(LATEST)
    text = page(client, "/countries/col/")
    assert f"Tour {LATEST - 1}<" in text
    assert "See all" not in text and "most recent" not in text


def test_spanish_country_page_shows_spanish_names(client):
    factories.PolicyAdoptionFactory(adopting_country=factories.country("COL"))  # a practice of Malaysia
    text = page(client, "/es/countries/col/")
    assert "Malasia" in text
    assert "<h1>Alemania</h1>" in page(client, "/es/countries/deu/")


# Agency list


def test_agency_list_shows_agencies_and_filters_by_kind_and_search(client, colombian_agency):
    factories.AgencyFactory(name="Economic and Social Commission", acronym="ESCAP", kind=AgencyKind.UN_ENTITY)
    text = page(client, "/agencies/")
    assert "Agencia Presidencial de Cooperación" in text and "ESCAP" in text
    text = page(client, "/agencies/?kind=un_entity")
    assert "ESCAP" in text and "Agencia Presidencial" not in text
    text = page(client, "/agencies/?q=apc")
    assert "Agencia Presidencial" in text and "ESCAP" not in text
    assert "No agency matches" in page(client, "/agencies/?q=nothing-like-this")


def test_agency_list_is_paginated_by_25(client):
    for _ in range(26):
        factories.AgencyFactory()
    assert len(client.get("/agencies/").context["object_list"]) == 25
    assert len(client.get("/agencies/?page=2").context["object_list"]) == 1


def test_agency_list_makes_the_same_number_of_queries_for_few_and_many_records(client):
    for _ in range(2):
        make_country_records(factories.AgencyFactory(), 1)
    few = queries_for(client, "/agencies/")
    for _ in range(4):
        make_country_records(factories.AgencyFactory(), 1)
    assert queries_for(client, "/agencies/") == few


# Agency detail


def test_agency_page_shows_roles_activities_visits_practices_and_adoptions(client, colombian_agency):
    partner = factories.ProgrammePartnerFactory(
        agency=colombian_agency, role=PartnerRole.PROVIDING, programme__title="Interregional MSMEs"
    )
    organised = factories.StudyTourFactory(programme=partner.programme, title="Organised tour")
    organised.organisers.add(colombian_agency)
    visit = factories.StudyTourFactory(title="Visiting tour")
    visit.institutions_visited.add(colombian_agency)
    factories.PracticeFactory(title="Our practice", origin_agency=colombian_agency)
    factories.PolicyAdoptionFactory(adopting_agency=colombian_agency, practice__title="Adopted practice")
    text = page(client, "/agencies/apc/")
    for expected in (
        "Agencia Presidencial de Cooperación (APC)",
        "National cooperation agency",
        "Interregional MSMEs",
        "Providing knowledge",
        "Organised tour",
        "Visiting tour",
        "Our practice",
        "Adopted practice",
    ):
        assert expected in text, expected


def test_agency_page_never_shows_drafts_and_unknown_slugs_are_404(client, colombian_agency):
    factories.ProgrammePartnerFactory(
        agency=colombian_agency, programme__title="Draft programme", programme__publication_status=DRAFT
    )
    tour = factories.StudyTourFactory(title="Draft tour", publication_status=DRAFT)
    tour.organisers.add(colombian_agency)
    text = page(client, "/agencies/apc/")
    assert "Draft programme" not in text and "Draft tour" not in text
    assert client.get("/agencies/no-such-agency/").status_code == 404


def test_agency_page_makes_the_same_number_of_queries_for_few_and_many_records(client, colombian_agency):
    make_country_records(colombian_agency, 2)
    few = queries_for(client, "/agencies/apc/")
    make_country_records(colombian_agency, LATEST + 2)  # more than a section shows
    assert queries_for(client, "/agencies/apc/") == few


def test_an_agency_page_shows_the_most_recent_activities_it_organised_and_links_to_all(
    client, colombian_agency
):
    for tour in dated_tours(LATEST + 1):
        tour.organisers.add(colombian_agency)
    text = page(client, "/agencies/apc/")
    assert f"Tour {LATEST - 1}<" in text and f"Tour {LATEST}<" not in text
    assert f'<a href="/study-tours/?organiser=apc">See all {LATEST + 1} study tours</a>' in text
    assert "/events/?organiser=apc" not in text  # it organised no event
    assert f"{LATEST + 1} study tours" in page(client, "/study-tours/?organiser=apc")


# All pages


def test_no_participant_personal_data_on_country_and_agency_pages(client, colombian_agency):
    participation = factories.ParticipationFactory(
        owner=colombian_agency, participant__name="Ana Secret", participant__email="ana.secret@example.org"
    )
    participation.activity.organisers.add(colombian_agency)
    for path in ("/countries/", "/countries/col/", "/countries/slv/", "/agencies/", "/agencies/apc/"):
        text = page(client, path)
        assert "Ana Secret" not in text and "ana.secret@example.org" not in text


def test_every_page_has_a_title_and_a_description(client, colombian_agency):
    for path in ("/countries/", "/countries/col/", "/agencies/", "/agencies/apc/"):
        text = page(client, path)
        assert (
            '<meta name="description" content="South-South and triangular cooperation: programmes' not in text
        )
        assert "<title>SSC Portal</title>" not in text


@pytest.mark.parametrize(
    "path",
    [
        "/countries/?region=zzz&page=999",
        "/countries/?region=&q=",
        "/agencies/?kind=zzz",
        "/agencies/?kind=zzz&q=%00",
    ],
)
def test_bad_query_parameters_show_the_page(client, path):
    assert client.get(path).status_code == 200


def test_a_page_beyond_the_last_shows_the_last_page_and_a_non_number_is_not_found(client):
    factories.AgencyFactory()
    beyond = client.get("/agencies/?page=999")
    assert beyond.status_code == 200
    assert beyond.context["page_obj"].number == beyond.context["paginator"].num_pages
    assert client.get("/agencies/?page=abc").status_code == 404
