"""Builders with valid defaults for every model. Countries come from the reference data loaded once per
test session (tests/conftest.py), looked up by ISO alpha-3 code."""

import datetime
import itertools

import factory
from factory.django import DjangoModelFactory

from partners.models import Agency, AgencyKind, Country, PublicationStatus
from programmes.choices import ActivityKind, EventKind, Modality, PartnerRole
from programmes.models import (
    Activity,
    AdoptionStageChange,
    FollowUpResponse,
    Participant,
    Participation,
    PolicyAdoption,
    Practice,
    Programme,
    ProgrammePartner,
)


def country(iso3: str) -> Country:
    return Country.objects.get(iso3=iso3)


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Cooperation Agency {n}")
    acronym = factory.Sequence(lambda n: f"CA{n}")
    slug = factory.Sequence(lambda n: f"agency-{n}")
    kind = AgencyKind.COOPERATION_AGENCY
    country = factory.LazyFunction(lambda: country("COL"))


class OwnedFactory(DjangoModelFactory):
    class Meta:
        abstract = True

    owner = factory.SubFactory(AgencyFactory)
    publication_status = PublicationStatus.PUBLISHED


class ProgrammeFactory(OwnedFactory):
    class Meta:
        model = Programme

    title = factory.Sequence(lambda n: f"Interregional programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    summary = "Peer learning between Asia-Pacific and Latin America."
    modality = Modality.REGIONAL
    start_date = datetime.date(2022, 1, 1)


class ProgrammePartnerFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammePartner

    programme = factory.SubFactory(ProgrammeFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = PartnerRole.IMPLEMENTING


class ActivityFactory(OwnedFactory):
    class Meta:
        model = Activity

    kind = ActivityKind.STUDY_TOUR
    programme = factory.SubFactory(ProgrammeFactory, owner=factory.SelfAttribute("..owner"))
    title = factory.Sequence(lambda n: f"Study tour {n}")
    slug = factory.Sequence(lambda n: f"activity-{n}")
    start_date = datetime.date(2024, 11, 18)
    end_date = datetime.date(2024, 11, 22)
    host_country = factory.LazyFunction(lambda: country("COL"))
    city = "Bogota"


class StudyTourFactory(ActivityFactory):
    kind = ActivityKind.STUDY_TOUR


class EventFactory(ActivityFactory):
    kind = ActivityKind.EVENT
    title = factory.Sequence(lambda n: f"Workshop {n}")
    event_kind = EventKind.WORKSHOP
    duration_hours = 6


class ParticipantFactory(OwnedFactory):
    class Meta:
        model = Participant

    name = factory.Sequence(lambda n: f"Participant {n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    country = factory.LazyFunction(lambda: country("SLV"))


class ParticipationFactory(OwnedFactory):
    class Meta:
        model = Participation

    participant = factory.SubFactory(ParticipantFactory, owner=factory.SelfAttribute("..owner"))
    activity = factory.SubFactory(ActivityFactory, owner=factory.SelfAttribute("..owner"))


class FollowUpResponseFactory(OwnedFactory):
    class Meta:
        model = FollowUpResponse

    participation = factory.SubFactory(ParticipationFactory, owner=factory.SelfAttribute("..owner"))
    responded_on = datetime.date(2025, 6, 1)
    applies_skills = True


class PracticeFactory(OwnedFactory):
    class Meta:
        model = Practice

    title = factory.Sequence(lambda n: f"Practice {n}")
    slug = factory.Sequence(lambda n: f"practice-{n}")
    origin_country = factory.LazyFunction(lambda: country("MYS"))


class PolicyAdoptionFactory(OwnedFactory):
    class Meta:
        model = PolicyAdoption

    practice = factory.SubFactory(PracticeFactory, owner=factory.SelfAttribute("..owner"))
    adopting_country = factory.LazyFunction(lambda: country("CRI"))


class AdoptionStageChangeFactory(DjangoModelFactory):
    class Meta:
        model = AdoptionStageChange

    adoption = factory.SubFactory(PolicyAdoptionFactory)
    stage = "interest"
    reached_on = datetime.date(2025, 2, 1)


USER_NUMBERS = itertools.count(1)


def agency_user(role: str | None, *agencies: Agency, username: str | None = None):
    """A staff user of the given agencies with a role (editor, reviewer, administrator), or None."""
    from django.contrib.auth.models import Group, User

    from partners.models import AgencyMembership
    from partners.permissions import ROLES

    user = User.objects.create_user(
        username or f"{role or 'nobody'}-{next(USER_NUMBERS)}",
        password="a-long-test-password-1",
        is_staff=True,
    )
    if role:
        user.groups.add(Group.objects.get(name=ROLES[role]))
    for agency in agencies:
        AgencyMembership.objects.create(user=user, agency=agency)
    return user
