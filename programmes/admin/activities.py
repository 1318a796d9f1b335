"""Admin screens for study tours and capacity-building events (the two proxies over Activity), with
their participants inline, so that a whole study tour with its delegation is logged on one screen."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from partners.admin import (
    OWNED_FIELDSET,
    OWNED_LIST_DISPLAY,
    OWNED_LIST_FILTER,
    OwnedAdminMixin,
    OwnedImportExportMixin,
    OwnedInlineFormSet,
    OwnedInlineMixin,
    ViewableRelatedOnlyFieldListFilter,
)
from partners.models import Country
from programmes.models import Activity, CapacityBuildingEvent, Participant, Participation, StudyTour
from programmes.resources import CapacityBuildingEventResource, StudyTourResource
from programmes.services import ParticipantSpec, participant_match_or_create


class ParticipationInlineForm(forms.ModelForm):
    """One participant of an activity: pick someone already logged, or type a new participant's name,
    email and country. Saving matches the new participant by email within the activity's agency, or
    creates them (services.participant_match_or_create)."""

    new_name = forms.CharField(label=_("or a new participant: name"), max_length=200, required=False)
    new_email = forms.EmailField(label=_("their email"), required=False)
    new_country = forms.ModelChoiceField(
        Country.objects.all(),
        label=_("their country"),
        required=False,
        widget=AutocompleteSelect(Participant._meta.get_field("country"), admin.site),
    )

    class Meta:
        model = Participation
        fields = ("participant", "new_name", "new_email", "new_country", "role")
        labels = {"participant": _("participant already logged")}

    def clean(self):
        cleaned_data = super().clean()
        participant, new_name = cleaned_data.get("participant"), cleaned_data.get("new_name")
        if participant and new_name:
            self.add_error("new_name", _("Pick a participant already logged or type a new one, not both."))
        elif not participant and not new_name:
            self.add_error(
                "participant", _("Pick a participant already logged or type a new participant's name.")
            )
        elif new_name and not cleaned_data.get("new_country"):
            self.add_error("new_country", _("A new participant needs a country."))
        return cleaned_data

    def save(self, commit=True):
        if self.cleaned_data.get("new_name"):
            self.instance.participant = participant_match_or_create(
                owner=self.instance.activity.owner,
                spec=ParticipantSpec(
                    name=self.cleaned_data["new_name"],
                    email=self.cleaned_data["new_email"],
                    country=self.cleaned_data["new_country"],
                ),
            )
        return super().save(commit=commit)


class ParticipationInlineFormSet(OwnedInlineFormSet):
    """The participants of an activity: a new participant typed in a row must not be someone another
    row already lists (by email), or saving would record them twice."""

    def clean(self):
        super().clean()
        forms_kept = [form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]
        emails = {
            form.cleaned_data["participant"].email.lower()
            for form in forms_kept
            if form.cleaned_data.get("participant") and form.cleaned_data["participant"].email
        }
        for form in forms_kept:
            email = form.cleaned_data.get("new_email", "").lower()
            if email in emails:
                form.add_error("new_email", _("This person is already listed for this activity."))
            elif email:
                emails.add(email)


class ParticipationInline(OwnedInlineMixin, admin.TabularInline):
    """Participants of a study tour or event; follow-up responses are recorded on each participation's
    own page (the change link of its row), since they belong to the participation."""

    model = Participation
    form = ParticipationInlineForm
    formset = ParticipationInlineFormSet
    fields = ("participant", "new_name", "new_email", "new_country", "role")
    autocomplete_fields = ("participant",)
    show_change_link = True
    extra = 5

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The participant may be left empty when a new one is typed (ParticipationInlineForm.clean).
        return super().formfield_for_foreignkey(db_field, request, required=False, **kwargs)


ACTIVITY_SEARCH_FIELDS = ("title_en", "title_es", "city", "external_id", "programme__title_en")
WHEN_AND_WHERE_FIELDSET = (
    _("When and where"),
    {"fields": (("start_date", "end_date"), "format", ("host_country", "city"))},
)


@admin.register(Activity)
class ActivityAdmin(OwnedAdminMixin, TranslationAdmin):
    """All activities of both kinds, read-only and hidden from the admin index: the search behind the
    activity autocomplete of participations, practices and adoptions (Django's autocomplete needs an
    admin for the model the foreign key names). Study tours and events are entered on their own
    screens."""

    list_display = ("title", "kind", "programme", "start_date", "host_country", *OWNED_LIST_DISPLAY)
    list_filter = ("kind", *OWNED_LIST_FILTER)
    search_fields = ACTIVITY_SEARCH_FIELDS
    date_hierarchy = "start_date"
    fieldsets = (
        (None, {"fields": ("kind", "programme", "title", "summary")}),
        WHEN_AND_WHERE_FIELDSET,
        OWNED_FIELDSET,
    )

    def get_model_perms(self, request):
        return {}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActivityKindAdmin(OwnedAdminMixin, TranslationAdmin):
    """What the study tour and event screens share. `kind` is not shown: each proxy sets it."""

    list_display = (
        "title",
        "programme",
        "start_date",
        "end_date",
        "host_country",
        "city",
        "format",
        *OWNED_LIST_DISPLAY,
    )
    list_filter = (
        "format",
        ("host_country", admin.RelatedOnlyFieldListFilter),
        ("programme", ViewableRelatedOnlyFieldListFilter),
        "themes",
        *OWNED_LIST_FILTER,
    )
    search_fields = ACTIVITY_SEARCH_FIELDS
    date_hierarchy = "start_date"
    autocomplete_fields = ("owner", "programme", "host_country", "organisers", "themes")
    inlines = (ParticipationInline,)


@admin.register(StudyTour)
class StudyTourAdmin(OwnedImportExportMixin, ActivityKindAdmin):
    resource_classes = (StudyTourResource,)
    autocomplete_fields = (*ActivityKindAdmin.autocomplete_fields, "institutions_visited")
    fieldsets = (
        (None, {"fields": ("programme", "title", "slug", "summary", "learning_objectives")}),
        WHEN_AND_WHERE_FIELDSET,
        (_("Hosts and themes"), {"fields": ("organisers", "institutions_visited", "themes")}),
        (_("Participants"), {"fields": ("reported_participants",)}),
        OWNED_FIELDSET,
    )


@admin.register(CapacityBuildingEvent)
class CapacityBuildingEventAdmin(OwnedImportExportMixin, ActivityKindAdmin):
    resource_classes = (CapacityBuildingEventResource,)
    list_display = (
        "title",
        "programme",
        "event_kind",
        "start_date",
        "duration_hours",
        "host_country",
        "format",
        *OWNED_LIST_DISPLAY,
    )
    list_filter = ("event_kind", *ActivityKindAdmin.list_filter)
    fieldsets = (
        (None, {"fields": ("programme", "title", "slug", "summary", ("event_kind", "duration_hours"))}),
        WHEN_AND_WHERE_FIELDSET,
        (_("Organisers and themes"), {"fields": ("organisers", "themes")}),
        (_("Participants"), {"fields": ("reported_participants",)}),
        OWNED_FIELDSET,
    )
