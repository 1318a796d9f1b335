"""CountedParticipation, the table the participation figures read, holds exactly the published
participations at published activities, with their activity's programme and year, their participant's
country and gender, and what their published follow-up responses say: after every kind of change to
those records, by save, by service, by deletion, and after bulk-written sample data. CountedProgramme
holds exactly their totals per programme, after the same changes.

`expected()` works it out in Python from the records themselves, independently of the query that
CountedParticipation.objects.refresh() runs; `expected_totals()` adds its rows up per programme,
independently of CountedProgramme.objects.refresh()."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from partners.models import PublicationStatus
from programmes import sampledata, services
from programmes.choices import Gender
from programmes.models import (
    Activity,
    CountedParticipation,
    CountedProgramme,
    FollowUpResponse,
    Participant,
    Participation,
)
from programmes.services import ParticipantSpec
from tests.factories import (
    ActivityFactory,
    FollowUpResponseFactory,
    ParticipantFactory,
    ParticipationFactory,
    ProgrammeFactory,
    country,
)

pytestmark = pytest.mark.django_db

PUBLISHED, DRAFT = PublicationStatus.PUBLISHED, PublicationStatus.DRAFT


def expected() -> set[tuple]:
    rows = set()
    for participation in Participation.objects.select_related("activity", "participant"):
        activity, participant = participation.activity, participation.participant
        if participation.publication_status != PUBLISHED or activity.publication_status != PUBLISHED:
            continue
        answers = [
            answer
            for answer in FollowUpResponse.objects.filter(participation=participation)
            if answer.publication_status == PUBLISHED
        ]
        rows.add(
            (
                participation.pk,
                activity.pk,
                activity.programme_id,
                activity.start_date.year,
                participant.pk,
                participant.country_id,
                participant.gender,
                bool(answers),
                any(answer.applies_skills for answer in answers),
                any(answer.fed_policy_measure for answer in answers),
            )
        )
    return rows


def counted() -> set[tuple]:
    return set(
        CountedParticipation.objects.values_list(
            "participation",
            "activity",
            "programme",
            "year",
            "participant",
            "country",
            "gender",
            "answered",
            "applies_skills",
            "fed_policy_measure",
        )
    )


def expected_totals(rows) -> set[tuple]:
    """(programme, participations, answered, applying, fed, participants, their countries) of each
    programme with rows."""
    programmes = {}
    for _pk, _activity, programme, _year, participant, place, _gender, answered, applies, fed in rows:
        programmes.setdefault(programme, []).append((participant, place, answered, applies, fed))
    return {
        (
            programme,
            len(counted),
            sum(row[2] for row in counted),
            sum(row[3] for row in counted),
            sum(row[4] for row in counted),
            len({row[0] for row in counted}),
            len({row[1] for row in counted}),
        )
        for programme, counted in programmes.items()
    }


def totals() -> set[tuple]:
    return set(
        CountedProgramme.objects.values_list(
            "programme", "took_part", "answered", "applying", "fed", "participants", "participant_countries"
        )
    )


def assert_counted_as_expected():
    rows = expected()
    assert counted() == rows
    assert totals() == expected_totals(rows)


@pytest.fixture
def records():
    """Two participants at a published study tour (one participation published, one a draft) and one
    at an event, with a published follow-up response that says the skills are applied."""
    programme = ProgrammeFactory()
    tour = ActivityFactory(programme=programme, owner=programme.owner)
    event = ActivityFactory(programme=programme, owner=programme.owner, start_date=datetime.date(2023, 3, 1))
    owner = programme.owner
    ana = ParticipantFactory(owner=owner, gender=Gender.FEMALE)
    luis = ParticipantFactory(owner=owner, gender=Gender.MALE, country=country("GTM"))
    at_tour = ParticipationFactory(owner=owner, activity=tour, participant=ana)
    draft = ParticipationFactory(owner=owner, activity=tour, participant=luis, publication_status=DRAFT)
    at_event = ParticipationFactory(owner=owner, activity=event, participant=ana)
    answer = FollowUpResponseFactory(owner=owner, participation=at_tour, applies_skills=True)
    return locals()


def test_published_participations_at_published_activities_are_counted(records):
    assert {row[0] for row in counted()} == {records["at_tour"].pk, records["at_event"].pk}
    assert_counted_as_expected()


def test_publishing_or_unpublishing_a_participation_or_an_activity_recounts(records):
    draft, tour = records["draft"], records["tour"]
    draft.publication_status = PUBLISHED
    draft.save()
    assert draft.pk in {row[0] for row in counted()}
    assert_counted_as_expected()
    tour.publication_status = DRAFT
    tour.save()
    assert {row[0] for row in counted()} == {records["at_event"].pk}
    assert_counted_as_expected()
    tour = Activity.objects.get(pk=tour.pk)  # as the admin saves it: loaded afresh
    tour.publication_status = PUBLISHED
    tour.save()
    assert_counted_as_expected()


def test_moving_an_activity_to_another_programme_or_year_recounts_its_participations(records):
    tour = records["tour"]
    tour.programme = ProgrammeFactory(owner=tour.owner)
    tour.start_date, tour.end_date = datetime.date(2021, 5, 2), None
    tour.save()
    assert CountedParticipation.objects.get(pk=records["at_tour"].pk).programme_id == tour.programme_id
    assert CountedParticipation.objects.get(pk=records["at_tour"].pk).year == 2021
    assert_counted_as_expected()


def test_a_participants_country_and_gender_reach_all_their_participations(records):
    ana = Participant.objects.get(pk=records["ana"].pk)
    ana.country, ana.gender = country("PHL"), Gender.UNDISCLOSED
    ana.save()
    rows = CountedParticipation.objects.filter(participant=ana)
    assert set(rows.values_list("country", "gender")) == {(country("PHL").pk, Gender.UNDISCLOSED)}
    assert rows.count() == 2
    assert_counted_as_expected()


def test_follow_up_responses_count_once_published_and_leave_with_their_deletion(records):
    at_tour, at_event, owner = records["at_tour"], records["at_event"], records["owner"]
    later = FollowUpResponseFactory(
        owner=owner,
        participation=at_event,
        responded_on=datetime.date(2025, 9, 1),
        applies_skills=False,
        fed_policy_measure=True,
        publication_status=DRAFT,
    )
    assert not CountedParticipation.objects.get(pk=at_event.pk).answered  # a draft answer does not count
    assert_counted_as_expected()
    later.publication_status = PUBLISHED
    later.save()
    row = CountedParticipation.objects.get(pk=at_event.pk)
    assert (row.answered, row.applies_skills, row.fed_policy_measure) == (True, False, True)
    assert_counted_as_expected()
    later.participation = at_tour  # moved to another participation: both recount
    later.save()
    assert not CountedParticipation.objects.get(pk=at_event.pk).answered
    assert CountedParticipation.objects.get(pk=at_tour.pk).fed_policy_measure
    assert_counted_as_expected()
    later.delete()
    assert not CountedParticipation.objects.get(pk=at_tour.pk).fed_policy_measure
    assert_counted_as_expected()
    FollowUpResponse.objects.filter(participation=at_tour).delete()  # a bulk deletion (admin action)
    assert not CountedParticipation.objects.get(pk=at_tour.pk).answered
    assert_counted_as_expected()


def test_rows_go_with_their_participation_participant_or_activity(records):
    records["at_tour"].delete()  # with its follow-up response, which must not count it again
    assert_counted_as_expected()
    records["luis"].delete()
    assert_counted_as_expected()
    Activity.objects.filter(pk=records["tour"].pk).delete()  # its participations and answers go too
    assert_counted_as_expected()
    assert {row[0] for row in counted()} == {records["at_event"].pk}


def test_the_services_take_the_same_path(records):
    tour, owner = records["tour"], records["owner"]
    participation = services.participation_log(
        owner=owner,
        activity=tour,
        participant=ParticipantSpec(name="Rosa Quispe", email="rosa@example.org", country=country("PER")),
        publication_status=PUBLISHED,
    )
    services.follow_up_record(
        participation=participation, responded_on=datetime.date(2025, 2, 2), applies_skills=True
    )
    assert CountedParticipation.objects.get(pk=participation.pk).applies_skills
    assert_counted_as_expected()


def test_bulk_written_sample_data_are_counted():
    sampledata.generate(scale=0.002, seed=3)
    assert CountedParticipation.objects.exists()
    assert_counted_as_expected()
    sampledata.generate(scale=0.002, seed=4, replace=True)
    assert_counted_as_expected()


def test_the_command_counts_again_after_writes_that_send_no_signals(records):
    Participant.objects.filter(pk=records["ana"].pk).update(gender=Gender.OTHER)  # no signal
    FollowUpResponse.objects.filter(pk=records["answer"].pk).update(publication_status=DRAFT)
    assert counted() != expected()
    out = StringIO()
    call_command("refresh_derived_data", stdout=out)
    assert_counted_as_expected()
    assert "counted participations: 2 rows; 4 differed from before." in out.getvalue()
    assert "counted programmes: 1 rows; 2 differed from before." in out.getvalue()
