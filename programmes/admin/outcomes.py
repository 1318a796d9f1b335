"""Admin screens for who took part and what came of it: participants, participations with their
follow-up responses, practices, and policy adoptions with their stage history."""

from django.contrib import admin
from django.core.exceptions import ValidationError
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
    OwnedImportExportMixin,
    OwnedInlineMixin,
    ViewableRelatedOnlyFieldListFilter,
)
from programmes.models import (
    AdoptionStageChange,
    FollowUpResponse,
    Participant,
    Participation,
    PolicyAdoption,
    Practice,
)
from programmes.resources import FollowUpResponseResource, ParticipantResource, ParticipationResource


class ParticipantActivityInline(OwnedInlineMixin, admin.TabularInline):
    """The activities a participant took part in."""

    model = Participation
    fields = ("activity", "role")
    autocomplete_fields = ("activity",)
    show_change_link = True
    extra = 1
    verbose_name_plural = _("activities taken part in")


@admin.register(Participant)
class ParticipantAdmin(OwnedImportExportMixin, OwnedAdminMixin, admin.ModelAdmin):
    resource_classes = (ParticipantResource,)

    list_display = ("name", "email", "country", "agency", "position", "is_demo", *OWNED_LIST_DISPLAY)
    list_filter = (("country", admin.RelatedOnlyFieldListFilter), "gender", "is_demo", *OWNED_LIST_FILTER)
    search_fields = ("name", "email", "position", "external_id", "agency__name", "agency__acronym")
    autocomplete_fields = ("owner", "agency", "country")
    inlines = (ParticipantActivityInline,)
    fieldsets = (
        (None, {"fields": ("name", "email", "gender", "position", "agency", "country", "is_demo")}),
        OWNED_FIELDSET,
    )


class FollowUpResponseInline(OwnedInlineMixin, admin.TabularInline):
    model = FollowUpResponse
    fields = ("responded_on", "applies_skills", "fed_policy_measure", "comments")
    extra = 1


@admin.register(Participation)
class ParticipationAdmin(OwnedImportExportMixin, OwnedAdminMixin, admin.ModelAdmin):
    resource_classes = (ParticipationResource,)

    list_display = ("participant", "activity", "role", *OWNED_LIST_DISPLAY)
    list_filter = ("role", "activity__kind", *OWNED_LIST_FILTER)
    search_fields = ("participant__name", "participant__email", "activity__title_en", "activity__title_es")
    autocomplete_fields = ("owner", "participant", "activity")
    inlines = (FollowUpResponseInline,)
    fieldsets = ((None, {"fields": ("participant", "activity", "role")}), OWNED_FIELDSET)


@admin.register(FollowUpResponse)
class FollowUpResponseAdmin(OwnedImportExportMixin, OwnedAdminMixin, admin.ModelAdmin):
    resource_classes = (FollowUpResponseResource,)

    list_display = (
        "participant_name",
        "activity_title",
        "responded_on",
        "applies_skills",
        "fed_policy_measure",
        *OWNED_LIST_DISPLAY,
    )
    list_filter = ("applies_skills", "fed_policy_measure", *OWNED_LIST_FILTER)
    search_fields = (
        "participation__participant__name",
        "participation__participant__email",
        "participation__activity__title_en",
        "comments",
    )
    date_hierarchy = "responded_on"
    autocomplete_fields = ("owner", "participation")
    fieldsets = (
        (
            None,
            {"fields": ("participation", "responded_on", "applies_skills", "fed_policy_measure", "comments")},
        ),
        OWNED_FIELDSET,
    )

    @admin.display(description=_("participant"), ordering="participation__participant__name")
    def participant_name(self, response):
        return response.participation.participant.name

    @admin.display(description=_("activity"), ordering="participation__activity__title")
    def activity_title(self, response):
        return response.participation.activity.title


@admin.register(Practice)
class PracticeAdmin(OwnedExportMixin, OwnedAdminMixin, TranslationAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ("title", "origin_country", "origin_agency", "theme_list", *OWNED_LIST_DISPLAY)
    list_filter = (("origin_country", admin.RelatedOnlyFieldListFilter), "themes", *OWNED_LIST_FILTER)
    search_fields = ("title_en", "title_es", "summary_en", "summary_es", "external_id", "origin_agency__name")
    autocomplete_fields = ("owner", "origin_country", "origin_agency", "themes", "presented_at")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "description", "website")}),
        (_("Origin"), {"fields": ("origin_country", "origin_agency")}),
        (_("Themes and activities"), {"fields": ("themes", "presented_at")}),
        OWNED_FIELDSET,
    )

    @admin.display(description=_("themes"))
    def theme_list(self, practice):
        return ", ".join(theme.name for theme in practice.themes.all())


class AdoptionStageChangeFormSet(BaseInlineFormSet):
    """The dated stages agree with each other and with the adoption's stage
    (PolicyAdoption.validate_stage_history)."""

    def clean(self):
        super().clean()
        changes = [
            (form.cleaned_data["stage"], form.cleaned_data["reached_on"])
            for form in self.forms
            if form.cleaned_data.get("stage") and form.cleaned_data.get("reached_on")
            if not self._should_delete_form(form)
        ]
        try:
            PolicyAdoption.validate_stage_history(self.instance.stage, changes)
        except ValidationError as error:
            raise ValidationError(error.messages) from error


class AdoptionStageChangeInline(admin.TabularInline):
    """The stage history of an adoption: one dated row per stage reached."""

    model = AdoptionStageChange
    formset = AdoptionStageChangeFormSet
    fields = ("stage", "reached_on", "note")
    extra = 1


@admin.register(PolicyAdoption)
class PolicyAdoptionAdmin(OwnedExportMixin, OwnedAdminMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = (
        "practice",
        "adopting_country",
        "adopting_agency",
        "stage",
        "programme",
        "updated_at",
        *OWNED_LIST_DISPLAY,
    )
    list_filter = (
        "stage",
        ("adopting_country", admin.RelatedOnlyFieldListFilter),
        ("programme", ViewableRelatedOnlyFieldListFilter),
        *OWNED_LIST_FILTER,
    )
    search_fields = (
        "practice__title_en",
        "practice__title_es",
        "adopting_country__name_en",
        "adopting_agency__name",
        "external_id",
    )
    autocomplete_fields = (
        "owner",
        "practice",
        "adopting_country",
        "adopting_agency",
        "activity",
        "programme",
    )
    inlines = (AdoptionStageChangeInline,)
    fieldsets = (
        (None, {"fields": ("practice", "adopting_country", "adopting_agency", "stage")}),
        (_("Evidence"), {"fields": ("description", "evidence_url")}),
        (_("Inspired by"), {"fields": ("activity", "programme")}),
        OWNED_FIELDSET,
    )
