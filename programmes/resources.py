"""Spreadsheet import and export (django-import-export) of participants, participations, study tours,
events and follow-up responses, for agency staff in the admin.

Rows match countries by ISO code or name and agencies by acronym or name; participants by external
id or email; activities by external id or slug. Every row runs the model's own rules (full_clean) and
THE permission rule: a row may only create records for the user's agencies and only update records the
user may change; any other row is refused with the reason next to it. Nothing is saved unless every
row is valid (the admin shows the preview first and imports in one transaction).
"""

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from partners.models import Agency, Country
from partners.permissions import CHANGE, VIEW, agency_ids, default_owner, may, owner_choices
from programmes.models import (
    Activity,
    CapacityBuildingEvent,
    FollowUpResponse,
    Participant,
    Participation,
    Programme,
    StudyTour,
)


class LookupWidget(widgets.ForeignKeyWidget):
    """A cell matched against several fields in turn, case-insensitively (e.g. ISO code, then name).
    For records agencies own, only those the importing user may view are candidates."""

    def __init__(self, model, lookups, **kwargs):
        super().__init__(model, field=lookups[0], **kwargs)
        self.lookups = lookups
        self.user = None  # set by the resource

    def get_queryset(self, value, row, *args, **kwargs):
        queryset = self.model._default_manager.all()
        return queryset.restrict(self.user, VIEW) if hasattr(queryset, "restrict") else queryset

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value:
            return None
        candidates = self.get_queryset(value, row, **kwargs)
        for lookup in self.lookups:
            matches = list(candidates.filter(**{f"{lookup}__iexact": value})[:2])
            if len(matches) == 1:
                return matches[0]
        raise ValueError(
            _("No single %(model)s matches “%(value)s”.")
            % {"model": self.model._meta.verbose_name, "value": value}
        )

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.lookups[0]) or value)


def country_widget():
    return LookupWidget(Country, ["iso3", "iso2", "name_en", "name_es"])


def agency_widget():
    return LookupWidget(Agency, ["acronym", "slug", "name"])


class OwnedResource(resources.ModelResource):
    """Rows of records an agency owns: the owner defaults to the importing user's agency, and the
    permission rule decides which rows may be created or updated."""

    owner = fields.Field(attribute="owner", column_name="owner", widget=agency_widget())

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field.widget, LookupWidget):
                field.widget.user = user

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import_row(self, row, **kwargs):
        """A NUL character in a cell is that cell's error, before anything is looked up with it:
        PostgreSQL refuses NUL in a query and in a text, as Django's forms do (the message is theirs)."""
        message = ProhibitNullCharactersValidator.message
        errors = {column: message for column, value in row.items() if "\x00" in str(value or "")}
        if errors:
            raise ValidationError(errors)
        super().before_import_row(row, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.owner_id is None:
            instance.owner = default_owner(self.user)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.pk is not None and not may(self.user, CHANGE, instance):
            errors["owner"] = _("This row matches a record of another agency, which you may not change.")
        elif instance.owner_id is None:
            errors["owner"] = _("Name the owning agency: you work for none.")
        elif not owner_choices(self.user).filter(pk=instance.owner_id).exists():
            errors["owner"] = _("You may not add records for %(agency)s.") % {"agency": instance.owner}
        super().validate_instance(instance, errors, validate_unique)


class ParticipantResource(OwnedResource):
    agency = fields.Field(attribute="agency", column_name="agency", widget=agency_widget())
    country = fields.Field(attribute="country", column_name="country", widget=country_widget())

    class Meta(OwnedResource.Meta):
        model = Participant
        fields = ("external_id", "name", "email", "gender", "position", "agency", "country", "owner")
        import_id_fields = ()

    def get_instance(self, instance_loader, row):
        """The user's own participant with this external id, else with this email."""
        mine = Participant.objects.restrict(self.user, CHANGE)
        for column, lookup in (("external_id", "external_id"), ("email", "email__iexact")):
            value = str(row.get(column) or "").strip()
            if value:
                match = mine.filter(**{lookup: value}).first()
                if match:
                    return match
        return None


def participant_widget():
    return LookupWidget(Participant, ["external_id", "email"])


def activity_widget():
    return LookupWidget(Activity, ["external_id", "slug"])


class ParticipationResource(OwnedResource):
    participant = fields.Field(
        attribute="participant", column_name="participant", widget=participant_widget()
    )
    activity = fields.Field(attribute="activity", column_name="activity", widget=activity_widget())

    class Meta(OwnedResource.Meta):
        model = Participation
        fields = ("participant", "activity", "role", "owner")
        import_id_fields = ("participant", "activity")


class ActivityResource(OwnedResource):
    programme = fields.Field(
        attribute="programme",
        column_name="programme",
        widget=LookupWidget(Programme, ["external_id", "slug"]),
    )
    host_country = fields.Field(attribute="host_country", column_name="host_country", widget=country_widget())

    class Meta(OwnedResource.Meta):
        fields = (
            "external_id",
            "slug",
            "programme",
            "title_en",
            "title_es",
            "summary_en",
            "summary_es",
            "start_date",
            "end_date",
            "host_country",
            "city",
            "format",
            "reported_participants",
            "owner",
        )
        import_id_fields = ()

    def get_instance(self, instance_loader, row):
        """The activity of this kind with this external id (among the user's) or slug."""
        queryset = self._meta.model.objects.restrict(self.user, VIEW)
        external_id, slug = (str(row.get(c) or "").strip() for c in ("external_id", "slug"))
        if external_id:
            match = queryset.filter(owner_id__in=agency_ids(self.user), external_id=external_id).first()
            if match:
                return match
        return queryset.filter(slug=slug).first() if slug else None


class StudyTourResource(ActivityResource):
    class Meta(ActivityResource.Meta):
        model = StudyTour
        fields = (*ActivityResource.Meta.fields, "learning_objectives_en", "learning_objectives_es")


class CapacityBuildingEventResource(ActivityResource):
    class Meta(ActivityResource.Meta):
        model = CapacityBuildingEvent
        fields = (*ActivityResource.Meta.fields, "event_kind", "duration_hours")


class FollowUpResponseResource(OwnedResource):
    """One row per answer: the participant (external id or email) and the activity (external id or
    slug) name the participation."""

    participant = fields.Field(column_name="participant", widget=participant_widget())
    activity = fields.Field(column_name="activity", widget=activity_widget())

    class Meta(OwnedResource.Meta):
        model = FollowUpResponse
        fields = (
            "participant",
            "activity",
            "responded_on",
            "applies_skills",
            "fed_policy_measure",
            "comments",
            "owner",
        )
        import_id_fields = ()

    def dehydrate_participant(self, response):
        participant = response.participation.participant
        return participant.external_id or participant.email

    def dehydrate_activity(self, response):
        activity = response.participation.activity
        return activity.external_id or activity.slug

    def _participation(self, row):
        participant = self.fields["participant"].clean(row)
        activity = self.fields["activity"].clean(row)
        match = Participation.objects.restrict(self.user, VIEW).filter(
            participant=participant, activity=activity
        )
        participation = match.first()
        if participation is None:
            raise ValidationError({"participant": _("This participant is not recorded at this activity.")})
        return participation

    def get_instance(self, instance_loader, row):
        try:
            participation = self._participation(row)
        except (ValidationError, ValueError):
            return None
        responded_on = self.fields["responded_on"].clean(row)
        return FollowUpResponse.objects.filter(participation=participation, responded_on=responded_on).first()

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            instance.participation = self._participation(row)
        except ValueError as error:
            errors["participant"] = [str(error)]
        except ValidationError as error:
            errors.update(error.message_dict)
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)
