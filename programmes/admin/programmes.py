"""Admin screen for programmes, with their partner agencies inline."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from partners.admin import (
    HTTPS_URL_FIELDS,
    OWNED_FIELDSET,
    OWNED_LIST_DISPLAY,
    OWNED_LIST_FILTER,
    OwnedAdminMixin,
    OwnedExportMixin,
)
from programmes.models import Programme, ProgrammePartner


class ProgrammePartnerFormSet(BaseInlineFormSet):
    """The partner rows of a programme, checked together with its modality by
    Programme.validate_partner_roles (a triangular programme has a facilitating partner)."""

    def clean(self):
        super().clean()
        roles = [
            form.cleaned_data.get("role")
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        Programme.validate_partner_roles(self.instance.modality, roles)


class ProgrammePartnerInline(admin.TabularInline):
    model = ProgrammePartner
    formset = ProgrammePartnerFormSet
    fields = ("agency", "role", "start_date", "end_date")
    autocomplete_fields = ("agency",)
    extra = 2


@admin.register(Programme)
class ProgrammeAdmin(OwnedExportMixin, OwnedAdminMixin, TranslationAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = (
        "title",
        "modality",
        "instrument",
        "status",
        "start_date",
        "end_date",
        "partner_list",
        *OWNED_LIST_DISPLAY,
    )
    list_filter = (
        "modality",
        "instrument",
        "status",
        "themes",
        "sdgs",
        ("framework", admin.RelatedOnlyFieldListFilter),
        *OWNED_LIST_FILTER,
    )
    search_fields = (
        "title_en",
        "title_es",
        "external_id",
        "partners__agency__name",
        "partners__agency__acronym",
    )
    date_hierarchy = "start_date"
    autocomplete_fields = ("owner", "framework", "themes", "sdgs")
    inlines = (ProgrammePartnerInline,)
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "description")}),
        (_("Kind"), {"fields": ("modality", "instrument", "status", ("start_date", "end_date"))}),
        (_("Scope"), {"fields": ("themes", "sdgs", "framework", "website")}),
        (_("Budget"), {"fields": (("budget", "currency"),)}),
        OWNED_FIELDSET,
    )

    @admin.display(description=_("partners"))
    def partner_list(self, programme):
        return ", ".join(
            partner.agency.acronym or partner.agency.name for partner in programme.partners.all()
        )
