"""Programmes, activities, practices, adoptions and participations as partner systems write them
(the API's *WriteSerializer classes; the read side is programmes/api/serializers.py).

What partner systems send. Related records are named as the read side shows them (slugs, ISO codes,
SDG numbers); records agencies own only among those the client may view. `owner` is optional (the
client's agency by default; see sscportal.api.views.OwnedRecordViewSet), publication_status is never
written (the workflow endpoints move it). Lists of related records left out of a PUT are kept; given,
they replace the record's own. Writes go through programmes.services, in one transaction.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from partners.models import Agency, Country, CountryGroup
from programmes import services
from programmes.api.serializers import ACTIVITY_WRITTEN_FIELDS, PROGRAMME_FIELDS
from programmes.models import (
    Activity,
    CapacityBuildingEvent,
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
from sscportal.api.serializers import (
    OwnedRelatedField,
    WritableModelSerializer,
    code_field,
)

DUPLICATE_IN_LIST = _("This appears twice in the list.")
REACHED_ON_REQUIRED = _("Give the date on which the stage was reached.")


def agency_field(**kwargs):
    return code_field(queryset=Agency.objects.all(), **kwargs)


def owner_field():
    return agency_field(
        required=False,
        help_text=_(
            "The owning agency's slug: the client's own agency unless given (and only one of its own)."
        ),
    )


def themes_field():
    return code_field(queryset=Theme.objects.all(), many=True, required=False, help_text=_("Theme slugs."))


def country_field(**kwargs):
    return code_field("iso3", queryset=Country.objects.all(), **kwargs)


def duplicates(values):
    """The positions of values already met earlier in the list (empty values aside)."""
    seen, repeated = set(), []
    for index, value in enumerate(values):
        if value and value in seen:
            repeated.append(index)
        seen.add(value)
    return repeated


class ProgrammePartnerWriteSerializer(WritableModelSerializer):
    agency = agency_field(help_text=_("The partner agency's slug."))

    class Meta:
        model = ProgrammePartner
        fields = ["agency", "role", "start_date", "end_date"]
        validators = []


@extend_schema_serializer(description=_("A programme with its partners (and their roles), themes and SDGs."))
class ProgrammeWriteSerializer(WritableModelSerializer):
    owner = owner_field()
    framework = code_field(queryset=CountryGroup.objects.all(), required=False, allow_null=True)
    themes = themes_field()
    sdgs = code_field(
        "number",
        queryset=SustainableDevelopmentGoal.objects.all(),
        many=True,
        required=False,
        help_text=_("SDG numbers (1 to 17)."),
    )
    partners = ProgrammePartnerWriteSerializer(many=True, required=False)

    nested_fields = ("partners",)

    class Meta:
        model = Programme
        fields = [*PROGRAMME_FIELDS, "owner", "external_id"]
        validators = []

    def check_rules(self, validated_data, owner):
        programme = self.build(validated_data, owner)
        self.check_model_rules(programme)
        partners = validated_data.get("partners")
        if partners is None:
            roles = list(programme.partners.values_list("role", flat=True)) if programme.pk else []
        else:
            for index, partner in enumerate(partners):
                self.check_model_rules(
                    ProgrammePartner(**partner),
                    f"partners.{index}.",
                    exclude=["programme"],
                    validate_unique=False,
                    validate_constraints=False,
                )
            repeated = duplicates([(partner["agency"].pk, partner["role"]) for partner in partners])
            if repeated:
                raise serializers.ValidationError(
                    {f"partners.{index}.role": [DUPLICATE_IN_LIST] for index in repeated}, code="unique"
                )
            roles = [partner["role"] for partner in partners]
        try:
            Programme.validate_partner_roles(programme.modality, roles)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"partners": error.messages}, code=error.code) from None

    @staticmethod
    def partner_specs(validated_data):
        partners = validated_data.pop("partners", None)
        return None if partners is None else [services.PartnerSpec(**partner) for partner in partners]

    def create(self, validated_data):
        partners = self.partner_specs(validated_data) or []
        return services.programme_create(partners=partners, **validated_data)

    def update(self, instance, validated_data):
        partners = self.partner_specs(validated_data)
        return services.programme_update(programme=instance, partners=partners, **validated_data)


@extend_schema_serializer(
    description=_(
        "A participant as logged with an activity: matched within the owning agency by external id, then "
        "by email, and updated; created when new."
    )
)
class ParticipantWriteSerializer(WritableModelSerializer):
    """Matched or created by programmes.services.participant_match_or_create."""

    country = country_field(help_text=_("ISO 3166-1 alpha-3 code of the participant's country."))
    agency = agency_field(required=False, allow_null=True, help_text=_("The participant's agency's slug."))

    class Meta:
        model = Participant
        fields = ["name", "email", "gender", "position", "country", "agency", "external_id"]
        validators = []


def participant_spec(participant, role=None):
    return services.ParticipantSpec(
        name=participant["name"],
        country=participant["country"],
        email=participant.get("email", ""),
        gender=participant.get("gender", ""),
        position=participant.get("position", ""),
        agency=participant.get("agency"),
        external_id=participant.get("external_id", ""),
        **({"role": role} if role else {}),
    )


def check_participant(serializer, participant, owner, prefix):
    """The participant's own rules (matching, not uniqueness, decides which row it becomes)."""
    serializer.check_model_rules(
        Participant(owner=owner, **participant),
        prefix,
        validate_unique=False,
        validate_constraints=False,
    )


class ActivityParticipationWriteSerializer(WritableModelSerializer):
    participant = ParticipantWriteSerializer()

    class Meta:
        model = Participation
        fields = ["participant", "role"]
        validators = []


@extend_schema_serializer(
    description=_(
        "A study tour or event, with its participations (participants matched or created) when given: all "
        "saved, or none."
    )
)
class ActivityWriteSerializer(WritableModelSerializer):
    owner = owner_field()
    programme = OwnedRelatedField(queryset=Programme.objects.all(), help_text=_("The programme's slug."))
    host_country = country_field(required=False, allow_null=True)
    themes = themes_field()
    organisers = agency_field(many=True, required=False, help_text=_("Slugs of the organising agencies."))
    participations = ActivityParticipationWriteSerializer(
        many=True,
        required=False,
        help_text=_(
            "The owning agency's participations at the activity; given, they replace the ones it has. "
            "Read them back from /api/v1/participations/?activity=<slug>."
        ),
    )

    nested_fields = ("participations",)
    base_fields = ACTIVITY_WRITTEN_FIELDS

    def check_rules(self, validated_data, owner):
        self.check_model_rules(self.build(validated_data, owner))
        participations = validated_data.get("participations") or []
        for index, participation in enumerate(participations):
            check_participant(
                self, participation["participant"], owner, f"participations.{index}.participant."
            )
        for key in ("external_id", "email"):
            values = [row["participant"].get(key, "").lower() for row in participations]
            if repeated := duplicates(values):
                raise serializers.ValidationError(
                    {f"participations.{index}.participant.{key}": [DUPLICATE_IN_LIST] for index in repeated},
                    code="unique",
                )

    @staticmethod
    def participant_specs(validated_data):
        participations = validated_data.pop("participations", None)
        if participations is None:
            return None
        return [participant_spec(row["participant"], row.get("role")) for row in participations]

    def create(self, validated_data):
        participants = self.participant_specs(validated_data) or []
        kind = self.Meta.model.fixed_kind
        return services.activity_log(kind=kind, participants=participants, **validated_data)

    def update(self, instance, validated_data):
        participants = self.participant_specs(validated_data)
        return services.activity_update(activity=instance, participants=participants, **validated_data)


class StudyTourWriteSerializer(ActivityWriteSerializer):
    institutions_visited = agency_field(
        many=True, required=False, help_text=_("Slugs of the institutions the delegation visited.")
    )

    class Meta:
        model = StudyTour
        fields = [
            *ActivityWriteSerializer.base_fields,
            "institutions_visited",
            "learning_objectives",
            "participations",
            "owner",
            "external_id",
        ]
        validators = []


class CapacityBuildingEventWriteSerializer(ActivityWriteSerializer):
    class Meta:
        model = CapacityBuildingEvent
        fields = [
            *ActivityWriteSerializer.base_fields,
            "event_kind",
            "duration_hours",
            "participations",
            "owner",
            "external_id",
        ]
        validators = []


class PracticeWriteSerializer(WritableModelSerializer):
    owner = owner_field()
    origin_country = country_field()
    origin_agency = agency_field(required=False, allow_null=True)
    themes = themes_field()
    presented_at = OwnedRelatedField(
        queryset=Activity.objects.all(),
        many=True,
        required=False,
        help_text=_("Slugs of the study tours and events where the practice was shown."),
    )

    class Meta:
        model = Practice
        fields = [
            "title",
            "summary",
            "description",
            "origin_country",
            "origin_agency",
            "themes",
            "presented_at",
            "website",
            "owner",
            "external_id",
        ]
        validators = []

    def create(self, validated_data):
        return services.practice_register(**validated_data)

    def update(self, instance, validated_data):
        return services.practice_update(practice=instance, **validated_data)


@extend_schema_serializer(
    description=_(
        "An adoption of a practice. `stage` (interest unless given) with `reached_on` starts its stage "
        "history; later, a later stage with its date is added to the history, and the stage it has "
        "already is no change."
    )
)
class PolicyAdoptionWriteSerializer(WritableModelSerializer):
    """A later stage is added by programmes.services.adoption_advance_stage."""

    owner = owner_field()
    practice = OwnedRelatedField(queryset=Practice.objects.all(), help_text=_("The practice's slug."))
    adopting_country = country_field()
    adopting_agency = agency_field(required=False, allow_null=True)
    activity = OwnedRelatedField(
        queryset=Activity.objects.all(), required=False, allow_null=True, help_text=_("The activity's slug.")
    )
    programme = OwnedRelatedField(
        queryset=Programme.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The programme's slug."),
    )
    reached_on = serializers.DateField(
        required=False, write_only=True, help_text=_("When `stage` was reached (needed with a new stage).")
    )
    stage_note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        write_only=True,
        help_text=_("A note on the stage."),
    )

    nested_fields = ("stage",)

    class Meta:
        model = PolicyAdoption
        fields = [
            "practice",
            "adopting_country",
            "adopting_agency",
            "activity",
            "programme",
            "stage",
            "reached_on",
            "stage_note",
            "description",
            "evidence_url",
            "owner",
            "external_id",
        ]
        validators = []

    def check_rules(self, validated_data, owner):
        adoption = self.build(validated_data, owner)
        if adoption.pk is None:
            adoption.stage = validated_data.get("stage", adoption.stage)
            if "reached_on" not in validated_data:
                raise serializers.ValidationError({"reached_on": [REACHED_ON_REQUIRED]}, code="required")
        self.check_model_rules(adoption)

    def create(self, validated_data):
        validated_data.pop("stage_note", None)
        return services.adoption_report(**validated_data)

    def update(self, instance, validated_data):
        note = validated_data.pop("stage_note", "")
        return services.adoption_update(adoption=instance, note=note, **validated_data)


@extend_schema_serializer(
    description=_(
        "One participant's part in an activity; the participant is matched or created within the owning "
        "agency (by external id, then email)."
    )
)
class ParticipationWriteSerializer(WritableModelSerializer):
    owner = owner_field()
    participant = ParticipantWriteSerializer()
    activity = OwnedRelatedField(queryset=Activity.objects.all(), help_text=_("The activity's slug."))

    nested_fields = ("participant",)

    class Meta:
        model = Participation
        fields = ["participant", "activity", "role", "owner", "external_id"]
        validators = []

    def check_rules(self, validated_data, owner):
        self.check_model_rules(self.build(validated_data, owner), exclude=["participant"])
        if "participant" in validated_data:
            check_participant(self, validated_data["participant"], owner, "participant.")

    def create(self, validated_data):
        participant = participant_spec(validated_data.pop("participant"))
        return services.participation_log(participant=participant, **validated_data)

    def update(self, instance, validated_data):
        participant = validated_data.pop("participant", None)
        participant = participant_spec(participant) if participant is not None else None
        return services.participation_update(
            participation=instance, participant=participant, **validated_data
        )
