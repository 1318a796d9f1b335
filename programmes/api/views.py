"""API endpoints of programmes, activities, practices, adoptions, participations, follow-ups, themes,
goals and the headline figures. Each names the same FilterSet as its public page, and reads its rows
through the one permission rule (visible(user) = restrict(user, "view").for_list()). The records
agencies own are also written here (OwnedRecordViewSet: create, update, delete, upsert by external id,
submit and publish), each through its write serializer and service."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema

from programmes.api import serializers, writing
from programmes.filtersets import (
    ActivityFilterSet,
    FollowUpResponseFilterSet,
    ParticipationFilterSet,
    PolicyAdoptionFilterSet,
    PracticeFilterSet,
    ProgrammeFilterSet,
)
from programmes.models import (
    CapacityBuildingEvent,
    FollowUpResponse,
    Participation,
    PolicyAdoption,
    Practice,
    Programme,
    StudyTour,
    SustainableDevelopmentGoal,
    Theme,
)
from sscportal.api.views import OwnedRecordViewSet, PortalViewSet


@extend_schema(description=_("Fields of cooperation (MSME support, the green transition, digital trade…)."))
class ThemeViewSet(PortalViewSet):
    serializer_class = serializers.ThemeSerializer
    lookup_field = "slug"
    queryset = Theme.objects.order_by("name", "pk")


@extend_schema(description=_("The 17 Sustainable Development Goals, looked up by number."))
class SustainableDevelopmentGoalViewSet(PortalViewSet):
    serializer_class = serializers.SustainableDevelopmentGoalSerializer
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    queryset = SustainableDevelopmentGoal.objects.order_by("number")


@extend_schema(
    description=_(
        "Programmes of South-South and triangular cooperation, with their partner agencies and roles, "
        "looked up by slug."
    )
)
class ProgrammeViewSet(OwnedRecordViewSet):
    serializer_class = serializers.ProgrammeSerializer
    write_serializer_class = writing.ProgrammeWriteSerializer
    filterset_class = ProgrammeFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return Programme.objects.visible(self.request.user)


@extend_schema(
    description=_(
        "Study tours: hosted visits in which officials of one country observe practices in another, with "
        "the institutions visited; looked up by slug. Participants are at /api/v1/participations/."
    )
)
class StudyTourViewSet(OwnedRecordViewSet):
    serializer_class = serializers.StudyTourSerializer
    write_serializer_class = writing.StudyTourWriteSerializer
    filterset_class = ActivityFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return StudyTour.objects.visible(self.request.user).with_partners()


@extend_schema(
    description=_(
        "Capacity-building events: workshops, training courses, webinars, conferences, peer-learning "
        "sessions and expert missions in which a programme builds the skills of policymakers; looked up by "
        "slug. Participants are at /api/v1/participations/."
    )
)
class CapacityBuildingEventViewSet(OwnedRecordViewSet):
    serializer_class = serializers.CapacityBuildingEventSerializer
    write_serializer_class = writing.CapacityBuildingEventWriteSerializer
    filterset_class = ActivityFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return CapacityBuildingEvent.objects.visible(self.request.user).with_partners()


@extend_schema(
    description=_(
        "Practices: policies, programmes or tools that one country's agency presents to others, with the "
        "activities where they were shown; looked up by slug."
    )
)
class PracticeViewSet(OwnedRecordViewSet):
    serializer_class = serializers.PracticeSerializer
    write_serializer_class = writing.PracticeWriteSerializer
    filterset_class = PracticeFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return Practice.objects.visible(self.request.user)


@extend_schema(description=_("Reported adoptions of practices, with their dated stage history."))
class PolicyAdoptionViewSet(OwnedRecordViewSet):
    serializer_class = serializers.PolicyAdoptionSerializer
    write_serializer_class = writing.PolicyAdoptionWriteSerializer
    filterset_class = PolicyAdoptionFilterSet

    def get_queryset(self):
        return PolicyAdoption.objects.visible(self.request.user)


@extend_schema(
    description=_(
        "Who took part in which activity, in which role. Personal data: only the owning agency's clients "
        "(and administrators) see any row; others get an empty list."
    )
)
class ParticipationViewSet(OwnedRecordViewSet):
    serializer_class = serializers.ParticipationSerializer
    write_serializer_class = writing.ParticipationWriteSerializer
    filterset_class = ParticipationFilterSet

    def get_queryset(self):
        return Participation.objects.visible(self.request.user)


@extend_schema(
    description=_(
        "Participants' dated follow-up answers after an activity: whether they now apply the skills or "
        "knowledge gained, and whether it fed a policy measure. Personal data: only the owning agency's "
        "clients (and administrators) see any row; others get an empty list."
    )
)
class FollowUpResponseViewSet(PortalViewSet):
    serializer_class = serializers.FollowUpResponseSerializer
    filterset_class = FollowUpResponseFilterSet

    def get_queryset(self):
        return FollowUpResponse.objects.visible(self.request.user)
