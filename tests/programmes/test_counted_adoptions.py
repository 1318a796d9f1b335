"""CountedAdoption, the table the pipeline and knowledge flow figures read, holds exactly the published
adoptions of published practices, with their practice, programme and activity (and the activity's
programme), their stage, the countries, sub-regions and regions of origin and adoption, and the days
each dated stage took from the one before: after every kind of change to those records, by save, by
service, by deletion, and after bulk-written sample data.

`expected()` works it out in Python from the records themselves, independently of the query that
CountedAdoption.objects.refresh() runs."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import CountryGroup, PublicationStatus
from programmes import sampledata, services
from programmes.models import AdoptionStageChange, CountedAdoption, PolicyAdoption
from tests.factories import (
    AdoptionStageChangeFactory,
    PolicyAdoptionFactory,
    ProgrammeFactory,
    StudyTourFactory,
    country,
)

pytestmark = pytest.mark.django_db

PUBLISHED, DRAFT = PublicationStatus.PUBLISHED, PublicationStatus.DRAFT
ORDER = ["interest", "adapting", "piloting", "adopted", "scaled"]
day = datetime.date


def expected() -> set[tuple]:
    rows = set()
    for adoption in PolicyAdoption.objects.select_related(
        "practice__origin_country", "adopting_country", "activity"
    ):
        practice = adoption.practice
        if adoption.publication_status != PUBLISHED or practice.publication_status != PUBLISHED:
            continue
        dates = sorted(
            adoption.stage_history.values_list("stage", "reached_on"), key=lambda row: ORDER.index(row[0])
        )
        days = {stage: (on - dates[i - 1][1]).days for i, (stage, on) in enumerate(dates) if i}
        origin, adopting = practice.origin_country, adoption.adopting_country
        rows.add(
            (
                adoption.pk,
                practice.pk,
                adoption.programme_id,
                adoption.activity_id,
                adoption.activity.programme_id if adoption.activity else None,
                adoption.stage,
                origin.pk if origin else None,
                origin.subregion_id if origin else None,
                origin.region_id if origin else None,
                adopting.pk,
                adopting.subregion_id,
                adopting.region_id,
                *(days.get(stage) for stage in ORDER[1:]),
            )
        )
    return rows


def counted() -> set[tuple]:
    return set(
        CountedAdoption.objects.values_list(
            "adoption",
            "practice",
            "programme",
            "activity",
            "activity_programme",
            "stage",
            "origin_country",
            "origin_subregion",
            "origin_region",
            "adopting_country",
            "adopting_subregion",
            "adopting_region",
            "days_to_adapting",
            "days_to_piloting",
            "days_to_adopted",
            "days_to_scaled",
        )
    )


def assert_counted_as_expected():
    assert counted() == expected()


@pytest.fixture
def records():
    tour = StudyTourFactory()
    piloting = PolicyAdoptionFactory(adopting_country=country("CRI"), stage="piloting", activity=tour)
    for stage, on in (
        ("interest", day(2025, 1, 1)),
        ("adapting", day(2025, 1, 11)),
        ("piloting", day(2025, 3, 12)),
    ):
        AdoptionStageChangeFactory(adoption=piloting, stage=stage, reached_on=on)
    skipped = PolicyAdoptionFactory(
        adopting_country=country("GTM"), stage="adopted", programme=tour.programme
    )
    for stage, on in (("interest", day(2025, 2, 1)), ("adopted", day(2025, 2, 21))):
        AdoptionStageChangeFactory(adoption=skipped, stage=stage, reached_on=on)
    draft = PolicyAdoptionFactory(adopting_country=country("PHL"), publication_status=DRAFT)
    return {"tour": tour, "piloting": piloting, "skipped": skipped, "draft": draft}


def test_published_adoptions_of_published_practices_count_with_their_places_and_stage_days(records):
    assert_counted_as_expected()
    row = CountedAdoption.objects.get(adoption=records["piloting"])
    assert (row.days_to_adapting, row.days_to_piloting, row.days_to_adopted) == (10, 60, None)
    assert row.activity_programme_id == records["tour"].programme_id and row.programme_id is None
    assert CountedAdoption.objects.get(adoption=records["skipped"]).days_to_adopted == 20  # from interest
    assert not CountedAdoption.objects.filter(adoption=records["draft"]).exists()
    assert row.adopting_region == CountryGroup.objects.get(m49_code="019")  # the Americas


def test_saving_an_adoption_or_its_practice_counts_it_again(records):
    draft = records["draft"]
    draft.publication_status = PUBLISHED
    draft.save()
    assert_counted_as_expected()
    practice = records["piloting"].practice
    practice.origin_country = country("THA")
    practice.save()
    assert CountedAdoption.objects.get(adoption=records["piloting"]).origin_country == country("THA")
    practice.publication_status = DRAFT
    practice.save()
    assert_counted_as_expected()
    assert not CountedAdoption.objects.filter(adoption=records["piloting"]).exists()


def test_stage_changes_saved_or_deleted_change_the_days(records):
    adoption = records["skipped"]
    middle = AdoptionStageChangeFactory(adoption=adoption, stage="piloting", reached_on=day(2025, 2, 11))
    assert_counted_as_expected()
    assert CountedAdoption.objects.get(adoption=adoption).days_to_adopted == 10
    middle.reached_on = day(2025, 2, 6)
    middle.save()
    assert CountedAdoption.objects.get(adoption=adoption).days_to_piloting == 5
    middle.delete()
    assert CountedAdoption.objects.get(adoption=adoption).days_to_adopted == 20
    AdoptionStageChange.objects.filter(adoption=records["piloting"], stage="adapting").delete()
    assert_counted_as_expected()
    assert CountedAdoption.objects.get(adoption=records["piloting"]).days_to_piloting == 70


def test_stage_changes_deleted_together_count_their_adoption_once(records):
    adoption = records["piloting"]
    with CaptureQueriesContext(connection) as queries:
        AdoptionStageChange.objects.filter(adoption=adoption, stage__in=["interest", "adapting"]).delete()
    assert sum("INSERT INTO" in query["sql"] and "countedadoption" in query["sql"] for query in queries) == 1
    assert_counted_as_expected()
    assert CountedAdoption.objects.get(adoption=adoption).days_to_piloting is None  # nothing before it


def test_an_activity_moved_to_another_programme_moves_its_adoptions(records):
    tour, other = records["tour"], ProgrammeFactory()
    tour.programme = other
    tour.save()
    assert CountedAdoption.objects.get(adoption=records["piloting"]).activity_programme_id == other.pk
    assert_counted_as_expected()


def test_a_country_moved_to_another_region_moves_its_adoptions(records):
    costa_rica = country("CRI")
    costa_rica.region = CountryGroup.objects.get(m49_code="142")  # Asia, for the test's sake
    costa_rica.save()
    assert_counted_as_expected()
    assert CountedAdoption.objects.get(adoption=records["piloting"]).adopting_region.m49_code == "142"


def test_rows_go_with_their_adoption(records):
    records["piloting"].delete()  # with its stage changes, which must not count it again
    assert_counted_as_expected()
    assert {row[0] for row in counted()} == {records["skipped"].pk}


def test_the_services_take_the_same_path(records):
    practice = records["piloting"].practice
    adoption = services.adoption_report(
        owner=practice.owner,
        practice=practice,
        adopting_country=country("PER"),
        reached_on=day(2025, 4, 1),
        publication_status=PUBLISHED,
    )
    services.adoption_advance_stage(adoption=adoption, stage="piloting", reached_on=day(2025, 4, 15))
    row = CountedAdoption.objects.get(adoption=adoption)
    assert (row.stage, row.days_to_piloting) == ("piloting", 14)
    assert_counted_as_expected()


def test_bulk_written_sample_data_are_counted():
    sampledata.generate(scale=0.002, seed=3)
    assert CountedAdoption.objects.exclude(days_to_piloting=None).exists()
    assert_counted_as_expected()
    sampledata.generate(scale=0.002, seed=4, replace=True)
    assert_counted_as_expected()


def test_the_command_counts_again_after_writes_that_send_no_signals(records):
    PolicyAdoption.objects.filter(pk=records["draft"].pk).update(publication_status=PUBLISHED)  # no signal
    AdoptionStageChange.objects.filter(adoption=records["skipped"], stage="adopted").update(
        reached_on=day(2025, 3, 3)
    )
    assert counted() != expected()
    out = StringIO()
    call_command("refresh_derived_data", stdout=out)
    assert_counted_as_expected()
    assert "counted adoptions: 3 rows; 3 differed from before." in out.getvalue()
