"""Fields shown to the public in English and Spanish (django-modeltranslation adds title_en, title_es…).

Spanish falls back to English where it is left empty (MODELTRANSLATION_FALLBACK_LANGUAGES).
"""

from modeltranslation.translator import TranslationOptions, register

from programmes.models import (
    Activity,
    CapacityBuildingEvent,
    Practice,
    Programme,
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
