"""Fields shown to the public in English and Spanish (django-modeltranslation adds title_en, title_es…).

Spanish falls back to English where it is left empty (MODELTRANSLATION_FALLBACK_LANGUAGES).
"""

from modeltranslation.translator import TranslationOptions, register

from partners.audit import audit
from programmes.models import (
    Activity,
    AdoptionStageChange,
    CapacityBuildingEvent,
    FollowUpResponse,
    Participant,
    Participation,
    PolicyAdoption,
    Practice,
    Programme,
    ProgrammePartner,
    StudyTour,
    SustainableDevelopmentGoal,
    Theme,
)


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalTranslationOptions(TranslationOptions):
    fields = ("short_name", "title")
    required_languages = ("en",)


@register(Programme)
class ProgrammeTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description")
    required_languages = ("en",)


@register(Activity)
class ActivityTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "learning_objectives")
    required_languages = ("en",)


@register(StudyTour)
class StudyTourTranslationOptions(TranslationOptions):
    fields = ()


@register(CapacityBuildingEvent)
class CapacityBuildingEventTranslationOptions(TranslationOptions):
    fields = ()


@register(Practice)
class PracticeTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description")
    required_languages = ("en",)


# Audit trail, registered after the translation fields exist (partners/audit.py).
audit(
    Programme,
    ProgrammePartner,
    Activity,
    Participant,
    Participation,
    FollowUpResponse,
    Practice,
    PolicyAdoption,
    AdoptionStageChange,
    m2m_fields={
        Programme: ("themes", "sdgs"),
        Activity: ("organisers", "themes", "institutions_visited"),
        Practice: ("themes", "presented_at"),
    },
)
