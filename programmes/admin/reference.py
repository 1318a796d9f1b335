"""Admin screens for the reference vocabularies: themes and the Sustainable Development Goals."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from programmes.models import SustainableDevelopmentGoal, Theme


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ("name", "slug")
    search_fields = ("name_en", "name_es", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "description")


@admin.register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(TranslationAdmin):
    list_display = ("number", "short_name", "title")
    list_display_links = ("number", "short_name")
    search_fields = ("short_name_en", "short_name_es", "title_en", "title_es")
    fields = ("number", "short_name", "title")
