"""The one router of /api/v1/: every resource, plural and kebab-case. Basenames follow the model
(URL names api:programme-list, api:programme-detail…)."""

from django.urls import re_path
from rest_framework.routers import DefaultRouter

from partners.api.views import AgencyViewSet, CountryGroupViewSet, CountryViewSet
from programmes.api.indicators import IndicatorViewSet
from programmes.api.views import (
    CapacityBuildingEventViewSet,
    FollowUpResponseViewSet,
    ParticipationViewSet,
    PolicyAdoptionViewSet,
    PracticeViewSet,
    ProgrammeViewSet,
    StudyTourViewSet,
    SustainableDevelopmentGoalViewSet,
    ThemeViewSet,
)
from sscportal.api.removals import RemovalViewSet
from sscportal.api.views import not_found

router = DefaultRouter()
router.register("countries", CountryViewSet, basename="country")
router.register("country-groups", CountryGroupViewSet, basename="countrygroup")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("themes", ThemeViewSet, basename="theme")
router.register("sdgs", SustainableDevelopmentGoalViewSet, basename="sdg")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("study-tours", StudyTourViewSet, basename="studytour")
router.register("events", CapacityBuildingEventViewSet, basename="event")
router.register("practices", PracticeViewSet, basename="practice")
router.register("adoptions", PolicyAdoptionViewSet, basename="policyadoption")
router.register("participations", ParticipationViewSet, basename="participation")
router.register("follow-ups", FollowUpResponseViewSet, basename="followupresponse")
router.register("indicators", IndicatorViewSet, basename="indicators")  # and follow-up/, pipeline/…
router.register("removals", RemovalViewSet, basename="removal")  # what left the client's view, for sync

# Last: any other path under /api/v1/ ending in "/" is the API's JSON 404 (paths without the slash are
# still redirected to it by APPEND_SLASH).
urlpatterns = [*router.urls, re_path(r"^.*/$", not_found, name="not-found")]
