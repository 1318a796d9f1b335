"""Multi-model writes: each is one transaction and runs the models' rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from programmes import services
from programmes.choices import ActivityKind, AdoptionStage, Modality, PartnerRole
from programmes.models import Participant, Participation, Programme
from tests import factories
from tests.factories import country

pytestmark = pytest.mark.django_db

D = datetime.date


def test_programme_create_saves_partners_and_refuses_a_triangular_programme_without_facilitator():
    escap, apc = factories.AgencyFactory(), factories.AgencyFactory()
    with pytest.raises(ValidationError):
        services.programme_create(
            owner=escap,
            title="Triangular without facilitator",
            modality=Modality.TRIANGULAR,
            start_date=D(2022, 1, 1),
            partners=[services.PartnerSpec(agency=apc, role=PartnerRole.PROVIDING)],
        )
    assert not Programme.objects.exists()
    programme = services.programme_create(
        owner=escap,
        title="Interregional SME green transition",
        modality=Modality.TRIANGULAR,
        start_date=D(2022, 1, 1),
        partners=[
            services.PartnerSpec(agency=escap, role=PartnerRole.FACILITATING),
            services.PartnerSpec(agency=apc, role=PartnerRole.PROVIDING),
        ],
    )
    assert sorted(programme.partners.values_list("role", flat=True)) == ["facilitating", "providing"]


def test_a_bad_row_in_a_study_tour_saves_nothing():
    programme = factories.ProgrammeFactory()
    with pytest.raises(ValidationError):
        services.study_tour_log(
            owner=programme.owner,
            programme=programme,
            title="Tour",
            start_date=D(2024, 11, 18),
            host_country=country("COL"),
            participants=[
                services.ParticipantSpec(name="A", country=country("SLV"), email="a@example.org"),
                services.ParticipantSpec(name="B", country=country("MYS"), email="not-an-email"),
            ],
        )
    assert not Participant.objects.exists()
    assert not programme.activities.exists()


def test_study_tour_log_matches_participants_by_email_within_the_agency():
    programme = factories.ProgrammeFactory()
    known = factories.ParticipantFactory(owner=programme.owner, email="ana@example.org", name="Ana")
    tour = services.study_tour_log(
        owner=programme.owner,
        programme=programme,
        title="Tour",
        start_date=D(2024, 11, 18),
        host_country=country("COL"),
        participants=[
            services.ParticipantSpec(name="Ana Ruiz", country=country("SLV"), email="ANA@example.org"),
            services.ParticipantSpec(name="Budi", country=country("IDN"), email="budi@example.org"),
        ],
    )
    assert tour.kind == ActivityKind.STUDY_TOUR
    assert Participation.objects.filter(activity=tour).count() == 2
    known.refresh_from_db()
    assert known.name == "Ana Ruiz"
    assert Participant.objects.count() == 2


def test_follow_up_record_belongs_to_the_owner_of_the_participation():
    participation = factories.ParticipationFactory()
    response = services.follow_up_record(
        participation=participation, responded_on=D(2025, 3, 1), applies_skills=True
    )
    assert response.owner == participation.owner


def test_adoption_moves_forward_through_dated_stages():
    practice = factories.PracticeFactory()
    adoption = services.adoption_report(
        owner=practice.owner, practice=practice, adopting_country=country("GTM"), reached_on=D(2025, 1, 10)
    )
    services.adoption_advance_stage(adoption=adoption, stage=AdoptionStage.ADAPTING, reached_on=D(2025, 3, 1))
    services.adoption_advance_stage(adoption=adoption, stage=AdoptionStage.PILOTING, reached_on=D(2025, 6, 1))
    assert adoption.stage == AdoptionStage.PILOTING
    assert list(adoption.stage_history.values_list("stage", flat=True)) == [
        "interest",
        "adapting",
        "piloting",
    ]
    with pytest.raises(ValidationError) as backwards:
        services.adoption_advance_stage(
            adoption=adoption, stage=AdoptionStage.ADAPTING, reached_on=D(2025, 7, 1)
        )
    assert "stage" in backwards.value.message_dict
    with pytest.raises(ValidationError) as earlier:
        services.adoption_advance_stage(
            adoption=adoption, stage=AdoptionStage.ADOPTED, reached_on=D(2025, 5, 1)
        )
    assert "reached_on" in earlier.value.message_dict
    adoption.refresh_from_db()
    assert adoption.stage == AdoptionStage.PILOTING


def test_matching_a_participant_keeps_what_the_new_row_leaves_out():
    known = factories.ParticipantFactory(email="ana@example.org", gender="female", position="Director")
    matched = services.participant_match_or_create(
        owner=known.owner,
        spec=services.ParticipantSpec(name="Ana Ruiz", country=known.country, email="ana@example.org"),
    )
    assert matched.pk == known.pk
    assert (matched.gender, matched.position) == ("female", "Director")
