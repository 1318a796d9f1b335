"""CountedProgramme, the participations added up per programme: how its rows follow deletions (each
programme refreshed once per deletion, and not one by one when CountedParticipation.objects.refresh()
deletes rows itself), and that the figures by programme read it and say what the
participations grouped by programme say. That its rows match the participations after every kind of
change is checked with CountedParticipation's (test_counted_participations.assert_counted_as_expected).
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import PublicationStatus
from programmes.indicators import (
    ParticipationCounts,
    follow_up_by,
    impact,
    outcome_records,
    programme_reach,
)
from programmes.models import CountedParticipation, CountedProgramme, Participation, Programme
from tests import factories
from tests.programmes.test_counted_participations import expected, expected_totals, totals

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


def took_part(activity, country="SLV", participant=None, applies=None):
    participation = factories.ParticipationFactory(
        activity=activity,
        owner=activity.owner,
        **(
            {"participant": participant}
            if participant
            else {"participant__country": factories.country(country)}
        ),
    )
    if applies is not None:
        factories.FollowUpResponseFactory(
            participation=participation,
            owner=activity.owner,
            responded_on=datetime.date(2025, 3, 1),
            applies_skills=applies,
        )
    return participation


@pytest.fixture
def programmes():
    """Two published programmes with two activities each, and a draft programme with a published
    activity; one person took part in both published programmes."""
    first, second = factories.ProgrammeFactory(), factories.ProgrammeFactory()
    draft = factories.ProgrammeFactory(publication_status=DRAFT)
    tours = {
        programme: [factories.StudyTourFactory(programme=programme, owner=programme.owner) for _ in range(2)]
        for programme in (first, second, draft)
    }
    both = took_part(tours[first][0], applies=True).participant
    took_part(tours[first][1], country="GTM", applies=False)
    took_part(tours[first][1], participant=both)
    took_part(tours[second][0], country="PHL", applies=True)
    took_part(tours[second][1], participant=both)
    took_part(tours[draft][0], country="CRI")
    return {"first": first, "second": second, "draft": draft, "tours": tours, "both": both}


def refreshes_of_programmes(queries) -> int:
    """How many times CountedProgramme.objects.refresh() ran: each begins with one deletion."""
    return sum(query["sql"].startswith('DELETE FROM "programmes_countedprogramme"') for query in queries)


def test_the_totals_are_those_of_the_participations(programmes):
    first = CountedProgramme.objects.get(programme=programmes["first"])
    # three participations, two of them answered (one applying), by two people from two countries
    assert (first.took_part, first.answered, first.applying, first.fed) == (3, 2, 1, 0)
    assert (first.participants, first.participant_countries) == (2, 2)
    assert totals() == expected_totals(expected())


def test_participations_deleted_together_refresh_each_programme_once(programmes):
    with CaptureQueriesContext(connection) as queries:
        Participation.objects.filter(participant=programmes["both"]).delete()  # in both programmes
    assert refreshes_of_programmes(queries) == 2
    assert totals() == expected_totals(expected())
    assert CountedProgramme.objects.get(programme=programmes["second"]).took_part == 1


def test_an_activity_deleted_takes_its_participations_out_of_its_programmes_totals(programmes):
    programmes["tours"][programmes["first"]][1].delete()
    assert CountedProgramme.objects.get(programme=programmes["first"]).took_part == 1
    programmes["tours"][programmes["first"]][0].delete()  # the last: the programme has no row
    assert not CountedProgramme.objects.filter(programme=programmes["first"]).exists()
    assert totals() == expected_totals(expected())


def test_a_refresh_adds_up_the_programmes_of_its_rows_once(programmes):
    """The rows refresh() deletes itself are not refreshed one programme at a time by the deletion
    signal: it refreshes their programmes (and those of the rows it adds) together, once."""
    with CaptureQueriesContext(connection) as queries:
        CountedParticipation.objects.refresh(Participation.objects.all())
    assert refreshes_of_programmes(queries) == 1
    assert totals() == expected_totals(expected())


def test_the_command_mends_totals_left_stale(programmes):
    CountedProgramme.objects.filter(programme=programmes["first"]).update(took_part=99)  # no signal
    orphan = factories.ProgrammeFactory()
    CountedProgramme.objects.bulk_create(
        [
            CountedProgramme(
                programme=orphan,
                took_part=1,
                answered=0,
                applying=0,
                fed=0,
                participants=1,
                participant_countries=1,
            )
        ]
    )
    out = StringIO()
    call_command("refresh_derived_data", stdout=out)
    assert totals() == expected_totals(expected())
    assert "counted programmes: 3 rows; 3 differed from before." in out.getvalue()


@pytest.mark.parametrize("chosen", [None, "first", "both"])
def test_the_figures_by_programme_read_the_totals_and_match_the_grouped_participations(programmes, chosen):
    keys = {
        None: None,
        "first": [programmes["first"].pk],
        "both": [programmes["first"].pk, programmes["second"].pk],
    }[chosen]
    records = outcome_records(keys)
    grouped = ParticipationCounts(records.participations)  # no totals: the participations grouped
    figures = impact(keys)
    with CaptureQueriesContext(connection) as queries:
        by_programme = figures.follow_up_by_programme
    assert not any("countedparticipation" in query["sql"] for query in queries)
    assert by_programme == follow_up_by(grouped, "programme")
    published = Programme.objects.published()
    chosen_programmes = published if keys is None else published.filter(pk__in=keys)
    assert figures.programmes_reach == programme_reach(chosen_programmes, grouped)
    if chosen is None:  # the draft programme's participation counts, unnamed
        assert [item.key for item in by_programme][-1] is None
