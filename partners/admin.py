"""Admin screens for who takes part (countries, country groups, agencies), and the pieces every admin of
an agency-owned record shares (OwnedAdminMixin, OwnedInlineFormSet, OWNED_*).

Translated fields (name, description) show one input per language: django-modeltranslation's plain
TranslationAdmin, without the tabbed variant, which loads jQuery UI from a CDN.
"""

from django.contrib import admin
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from partners.models import Agency, Country, CountryGroup

# Links typed without a scheme are read as https (Django 6's default; 5.2 warns without it).
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}

# What every admin of an OwnedRecord shows about ownership and publication; each admin names them in
# its own list_display, list_filter and fieldsets, so a screen reads top to bottom in one place.
OWNED_LIST_DISPLAY = ("owner", "publication_status")
OWNED_LIST_FILTER = ("publication_status", ("owner", admin.RelatedOnlyFieldListFilter))
OWNED_FIELDSET = (
    _("Record"),
    {"fields": ("owner", "publication_status", "external_id", ("created_at", "updated_at"))},
)


class ForListAdminMixin:
    """Lists use the model's QuerySet.for_list(), so a changelist runs the same number of queries for
    any number of rows."""

    def get_queryset(self, request):
        return super().get_queryset(request).for_list()


class OwnedAdminMixin(ForListAdminMixin):
    """Shared by the admin of every record an agency owns (partners.models.OwnedRecord).

    The per-agency restriction of a later issue belongs here, once: get_queryset (with
    restrict(user, "view")), has_change_permission, has_delete_permission, save_model and the choices
    of foreign keys.
    """

    readonly_fields = ("created_at", "updated_at")


class OwnedInlineFormSet(BaseInlineFormSet):
    """Rows added in an inline of an owned record (participations of a study tour, follow-ups of a
    participation) belong to the parent's agency and start with its publication status, as the
    services do (programmes.services.activity_log, follow_up_record)."""

    def save_new(self, form, commit=True):
        form.instance.owner = self.instance.owner
        form.instance.publication_status = self.instance.publication_status
        return super().save_new(form, commit=commit)


@admin.register(Country)
class CountryAdmin(ForListAdminMixin, TranslationAdmin):
    list_display = (
        "name",
        "iso3",
        "iso2",
        "m49_code",
        "region",
        "subregion",
        "income_group",
        "is_ldc",
        "is_lldc",
        "is_sids",
    )
    list_filter = (
        ("region", admin.RelatedOnlyFieldListFilter),
        ("subregion", admin.RelatedOnlyFieldListFilter),
        "income_group",
        "is_ldc",
        "is_lldc",
        "is_sids",
    )
    search_fields = ("name_en", "name_es", "iso2", "iso3", "m49_code")
    autocomplete_fields = ("region", "subregion", "intermediate_region")
    fieldsets = (
        (None, {"fields": ("name", ("iso2", "iso3", "m49_code"))}),
        (_("Regions"), {"fields": ("region", "subregion", "intermediate_region")}),
        (_("Classification"), {"fields": ("income_group", ("is_ldc", "is_lldc", "is_sids"))}),
    )


@admin.register(CountryGroup)
class CountryGroupAdmin(ForListAdminMixin, TranslationAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ("name", "code", "kind", "parent", "member_count", "founded_year")
    list_filter = ("kind",)
    search_fields = ("code", "name_en", "name_es", "m49_code")
    autocomplete_fields = ("parent", "members")
    prepopulated_fields = {"slug": ("code",)}
    fieldsets = (
        (None, {"fields": ("name", ("code", "slug"), "kind", "description", "website", "founded_year")}),
        (_("Place in the M49 hierarchy"), {"fields": ("m49_code", "parent")}),
        (_("Members"), {"fields": ("members",)}),
    )

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, group):
        return group.member_count


@admin.register(Agency)
class AgencyAdmin(ForListAdminMixin, TranslationAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ("name", "acronym", "kind", "country", "website")
    list_filter = ("kind", ("country", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "acronym", "slug")
    autocomplete_fields = ("country",)
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", ("acronym", "slug"), "kind", "country", "website", "description")}),
    )
