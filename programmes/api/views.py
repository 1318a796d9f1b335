"""API endpoints of programmes, activities, practices, adoptions, participations, follow-ups, themes,
goals and the headline figures. Each names the same FilterSet as its public page, and reads its rows
through the one permission rule (visible(user) = restrict(user, "view").for_list()). The records
agencies own are also written here (OwnedRecordViewSet: create, update, delete, upsert by external id,
submit and publish), each through its write serializer and service."""

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


class ThemeViewSet(PortalViewSet):
    """Fields of cooperation (MSME support, the green transition, digital trade…)."""

    serializer_class = serializers.ThemeSerializer
    lookup_field = "slug"
    queryset = Theme.objects.order_by("name", "pk")


class SustainableDevelopmentGoalViewSet(PortalViewSet):
    """The 17 Sustainable Development Goals, looked up by number."""

    serializer_class = serializers.SustainableDevelopmentGoalSerializer
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    queryset = SustainableDevelopmentGoal.objects.order_by("number")


class ProgrammeViewSet(OwnedRecordViewSet):
    """Programmes of South-South and triangular cooperation, with their partner agencies and roles."""

    serializer_class = serializers.ProgrammeSerializer
    write_serializer_class = writing.ProgrammeWriteSerializer
    filterset_class = ProgrammeFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return Programme.objects.visible(self.request.user)


class StudyTourViewSet(OwnedRecordViewSet):
    serializer_class = serializers.StudyTourSerializer
    write_serializer_class = writing.StudyTourWriteSerializer
    filterset_class = ActivityFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return StudyTour.objects.visible(self.request.user).with_partners()


class CapacityBuildingEventViewSet(OwnedRecordViewSet):
    serializer_class = serializers.CapacityBuildingEventSerializer
    write_serializer_class = writing.CapacityBuildingEventWriteSerializer
    filterset_class = ActivityFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return CapacityBuildingEvent.objects.visible(self.request.user).with_partners()


class PracticeViewSet(OwnedRecordViewSet):
    serializer_class = serializers.PracticeSerializer
    write_serializer_class = writing.PracticeWriteSerializer
    filterset_class = PracticeFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return Practice.objects.visible(self.request.user)


class PolicyAdoptionViewSet(OwnedRecordViewSet):
    """Reported adoptions of practices, with their dated stage history."""

    serializer_class = serializers.PolicyAdoptionSerializer
    write_serializer_class = writing.PolicyAdoptionWriteSerializer
    filterset_class = PolicyAdoptionFilterSet

    def get_queryset(self):
        return PolicyAdoption.objects.visible(self.request.user)


class ParticipationViewSet(OwnedRecordViewSet):
    """Personal data: only the owning agency's staff (and administrators) see any row."""

    serializer_class = serializers.ParticipationSerializer
    write_serializer_class = writing.ParticipationWriteSerializer
    filterset_class = ParticipationFilterSet

    def get_queryset(self):
        return Participation.objects.visible(self.request.user)


class FollowUpResponseViewSet(PortalViewSet):
    """Personal data: only the owning agency's staff (and administrators) see any row."""

    serializer_class = serializers.FollowUpResponseSerializer
    filterset_class = FollowUpResponseFilterSet

    def get_queryset(self):
        return FollowUpResponse.objects.visible(self.request.user)
