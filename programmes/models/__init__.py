"""The programmes app's models, one module per part of the domain."""

from programmes.models.activities import Activity, CapacityBuildingEvent, StudyTour
from programmes.models.outcomes import (
    AdoptionStageChange,
    CountedAdoption,
    CountedParticipation,
    CountedProgramme,
    FollowUpResponse,
    Participant,
    Participation,
    PolicyAdoption,
    Practice,
)
from programmes.models.places import ProgrammePlace
from programmes.models.programmes import Programme, ProgrammePartner
from programmes.models.reference import SustainableDevelopmentGoal, Theme

__all__ = [
    "Activity",
    "AdoptionStageChange",
    "CapacityBuildingEvent",
    "CountedAdoption",
    "CountedParticipation",
    "CountedProgramme",
    "FollowUpResponse",
    "Participant",
    "Participation",
    "PolicyAdoption",
    "Practice",
    "Programme",
    "ProgrammePartner",
    "ProgrammePlace",
    "StudyTour",
    "SustainableDevelopmentGoal",
    "Theme",
]
