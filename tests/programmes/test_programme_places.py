"""ProgrammePlace, the table the public region and country filters read, holds exactly each programme's
countries (of its partner agencies, and hosting its published activities) with every M49 region each
is in: after every kind of change to those records, by save and by deletion, after bulk-written sample
data, and with `manage.py refresh_derived_data`. And the filters answer from it as they answer from the
records themselves, which is how they answer staff (who may also view their agency's drafts).

`expected()` works the rows out in Python from the records, independently of the queries that
ProgrammePlace.objects.refresh() runs."""

from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from partners.models import Agency, Country, CountryGroup, PublicationStatus
from partners.refdata import load_reference_data
from programmes import sampledata
from programmes.filtersets import ProgrammeFilterSet
from programmes.models import Activity, Programme, ProgrammePartner, ProgrammePlace
from tests import factories

pytestmark = pytest.mark.django_db

PUBLISHED, DRAFT = PublicationStatus.PUBLISHED, PublicationStatus.DRAFT


def expected() -> set[tuple]:
    countries = {}  # {programme: {country}}
    for partner in ProgrammePartner.objects.select_related("agency"):
        if partner.agency.country_id is not None:
            countries.setdefault(partner.programme_id, set()).add(partner.agency.country_id)
    for activity in Activity.objects.all():
        if activity.publication_status == PUBLISHED and activity.host_country_id is not None:
            countries.setdefault(activity.programme_id, set()).add(activity.host_country_id)
    rows = set()
    for programme, keys in countries.items():
        for place in Country.objects.filter(pk__in=keys):
            levels = {place.region_id, place.subregion_id, place.intermediate_region_id} - {None}
            rows |= {(programme, place.pk, level) for level in levels or {None}}
    return rows


def placed() -> set[tuple]:
    rows = list(ProgrammePlace.objects.values_list("programme", "country", "region"))
    assert len(rows) == len(set(rows)), "a place written twice"
    return set(rows)


def assert_placed_as_expected():
    assert placed() == expected()


def test_places_follow_partner_roles_activities_agencies_and_countries():
    programme, other = factories.ProgrammeFactory(), factories.ProgrammeFactory()
    assert placed() == set()
    thai = factories.AgencyFactory(country=factories.country("THA"))
    partner = factories.ProgrammePartnerFactory(programme=programme, agency=thai)
    assert {(programme.pk, factories.country("THA").pk)} == {row[:2] for row in placed()}
    assert len(placed()) == 2  # Asia and South-eastern Asia (Thailand is in no intermediate region)
    assert_placed_as_expected()

    tour = factories.StudyTourFactory(programme=programme, host_country=factories.country("CRI"))
    assert_placed_as_expected()
    tour.publication_status = DRAFT  # a draft activity places nothing publicly
    tour.save()
    assert factories.country("CRI").pk not in {row[1] for row in placed()}
    assert_placed_as_expected()
    tour.publication_status = PUBLISHED
    tour.programme = other  # moved: both programmes are placed again
    tour.host_country = factories.country("GTM")
    tour.save()
    assert {row[:2] for row in placed()} == {
        (programme.pk, factories.country("THA").pk),
        (other.pk, factories.country("GTM").pk),
    }
    assert_placed_as_expected()

    thai.country = factories.country("PHL")  # the agency moves
    thai.save()
    assert_placed_as_expected()
    partner.programme = other  # the role moves to the other programme
    partner.save()
    assert not ProgrammePlace.objects.filter(programme=programme).exists()
    assert_placed_as_expected()

    philippines = factories.country("PHL")
    philippines.intermediate_region = CountryGroup.objects.get(code="M49-035")  # an odd change, tested
    philippines.save()
    assert_placed_as_expected()

    partner.delete()
    tour.delete()
    assert placed() == set() == expected()


def test_a_programme_deleted_with_its_partner_roles_leaves_no_place():
    programme = factories.ProgrammeFactory()
    factories.ProgrammePartnerFactory(programme=programme)
    factories.ProgrammePartnerFactory(programme=programme, agency=factories.AgencyFactory())
    programme.delete()  # on PostgreSQL, the foreign keys are checked when the test ends
    assert placed() == set()


def test_a_bulk_deletion_places_each_programme_once():
    programme = factories.ProgrammeFactory()
    for code in ("CRI", "GTM", "PHL", "THA"):
        factories.StudyTourFactory(programme=programme, host_country=factories.country(code))
    factories.ProgrammePartnerFactory(programme=programme)  # keeps Colombia
    with CaptureQueriesContext(connection) as queries:
        Activity.objects.filter(programme=programme).delete()
    place_deletions = [q for q in queries if q["sql"].startswith('DELETE FROM "programmes_programmeplace"')]
    assert len(place_deletions) == 1
    assert {row[1] for row in placed()} == {factories.country("COL").pk}
    assert_placed_as_expected()


def test_loading_the_reference_data_again_places_nothing_again():
    factories.ProgrammePartnerFactory()
    with CaptureQueriesContext(connection) as queries:
        load_reference_data()  # every country saved again, its regions unchanged
    assert [q for q in queries if "partners_country" in q["sql"]]  # the countries were written
    assert not [q for q in queries if "programmeplace" in q["sql"]]
    assert_placed_as_expected()


def test_bulk_written_sample_data_are_placed():
    sampledata.generate(scale=0.002, seed=3)
    assert ProgrammePlace.objects.exists()
    assert_placed_as_expected()
    sampledata.generate(scale=0.002, seed=4, replace=True)
    assert_placed_as_expected()


def test_the_command_places_again_after_writes_that_send_no_signals():
    factories.ProgrammePartnerFactory()
    factories.StudyTourFactory(host_country=factories.country("MYS"))
    Agency.objects.update(country=factories.country("PER"))  # no signal
    Activity.objects.update(publication_status=DRAFT)
    assert placed() != expected()
    out = StringIO()
    call_command("refresh_derived_data", stdout=out)
    assert_placed_as_expected()
    # before: Colombia (in three regions) and Malaysia (two); after: Peru (three), the tour a draft
    assert "programme places: 3 rows; 8 differed from before." in out.getvalue()


def _chosen(user, **params):
    request = RequestFactory().get("/programmes/", params)
    request.user = user
    filterset = ProgrammeFilterSet(request.GET, queryset=Programme.objects.all(), request=request)
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("pk", flat=True))


def test_the_public_filters_answer_from_the_places_as_from_the_records():
    """For every region and country, the public's answer (ProgrammePlace) is the one the records give
    a visitor who may view published records only (in_countries_of_records, the staff's path)."""
    sampledata.generate(scale=0.002, seed=5)  # its activities are hosted in partners' countries, so:
    hosting = factories.ProgrammeFactory()
    factories.StudyTourFactory(programme=hosting, host_country=factories.country("MYS"))
    factories.StudyTourFactory(
        programme=hosting, host_country=factories.country("THA"), publication_status=DRAFT
    )
    factories.ProgrammePartnerFactory(agency=factories.AgencyFactory(country=factories.country("JAM")))
    anonymous = AnonymousUser()
    places = [("region", group) for group in CountryGroup.objects.geographic_regions()]
    places += [("country", country) for country in Country.objects.all()]
    chose_some = 0
    for kind, place in places:
        public = _chosen(anonymous, **{kind: place.code if kind == "region" else place.iso3})
        filterset = ProgrammeFilterSet(queryset=Programme.objects.all())
        records = filterset.in_countries_of_records(Programme.objects.all(), kind, place, anonymous)
        assert public == set(records.values_list("pk", flat=True)), (kind, place)
        chose_some += bool(public)
    assert chose_some > 10  # the sample data reach many places


def test_a_signed_in_reader_without_an_agency_is_answered_from_the_places():
    """Who views what the public views reads the table too: the rule says so (views_published_only)."""
    programme = factories.ProgrammeFactory()
    factories.ProgrammePartnerFactory(programme=programme, agency=factories.AgencyFactory())
    reader = factories.agency_user(None)
    assert _chosen(reader, country="COL") == {programme.pk}
    ProgrammePlace.objects.all().delete()  # only the table's answer changes
    assert _chosen(reader, country="COL") == set()
    editor = factories.agency_user("editor", programme.owner)
    assert _chosen(editor, country="COL") == {programme.pk}  # staff: from the records


def test_staff_find_their_programme_by_the_host_country_of_their_draft_activity():
    agency = factories.AgencyFactory()
    tour = factories.StudyTourFactory(
        owner=agency, host_country=factories.country("MYS"), publication_status=DRAFT
    )
    editor = factories.agency_user("editor", agency)
    assert _chosen(editor, country="MYS") == {tour.programme_id}
    assert _chosen(editor, region="M49-035") == {tour.programme_id}
    assert _chosen(AnonymousUser(), country="MYS") == set()
    assert _chosen(factories.agency_user("editor", factories.AgencyFactory()), country="MYS") == set()
