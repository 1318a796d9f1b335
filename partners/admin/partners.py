"""Admin screens for who takes part: countries, country groups, agencies, and users with their agencies.

Translated fields (name, description) show one input per language: django-modeltranslation's plain
TranslationAdmin, without the tabbed variant, which loads jQuery UI from a CDN.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from partners.admin.owned import HTTPS_URL_FIELDS, ForListAdminMixin
from partners.models import Agency, AgencyMembership, Country, CountryGroup


class AgencyMembershipInline(admin.TabularInline):
    model = AgencyMembership
    autocomplete_fields = ("agency",)
    extra = 1


class AdminLoginForm(AdminAuthenticationForm):
    """Django's admin sign-in form, with the username held to the length a username can have: Django
    only sets the input's maxlength, so a longer one was tried as a sign-in, and django-axes failed to
    record it as a failed attempt (its username column is shorter; on PostgreSQL a 500)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))


admin.site.login_form = AdminLoginForm
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Users with the agencies they work for; their role is their group (Agency editor, Agency
    reviewer, Portal administrator)."""

    inlines = (AgencyMembershipInline,)
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active")
    list_filter = ("groups", "agency_memberships__agency", "is_staff", "is_superuser", "is_active")


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
class AgencyAdmin(ForListAdminMixin, SimpleHistoryAdmin, TranslationAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ("name", "acronym", "kind", "country", "website")
    list_filter = ("kind", ("country", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "acronym", "slug")
    autocomplete_fields = ("country",)
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", ("acronym", "slug"), "kind", "country", "website", "description")}),
    )
