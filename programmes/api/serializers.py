"""Programmes, activities, practices, adoptions, participations and follow-ups as the API shows them
(the read side; what partner systems write is programmes/api/writing.py). Related records appear by slug
or ISO code, or in a brief form; every related record used here is prefetched by the QuerySet's
for_list() (or with_partners()), and read-only lists are serialised lean from these classes
(sscportal/api/lean.py), so lists cost constant queries."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from partners.api.serializers import BriefAgencySerializer
from programmes.models import (
    Activity,
    AdoptionStageChange,
    FollowUpResponse,
    Participant,
    Participation,
    PolicyAdoption,
    Practice,
    Programme,
    ProgrammePartner,
    SustainableDevelopmentGoal,
    Theme,
)
from sscportal.api.serializers import (
    PublicUrlField,
    ReadOnlyModelSerializer,
    ViewableSlugRelatedField,
    api_url,
)

OWNED_FIELDS = ["owner", "publication_status", "external_id", "created_at", "updated_at"]


def programmes_with(name):
    """The public list of programmes filtered by one value (a theme's or a goal's public page)."""

    def path(record):
        value = record.pk if name == "sdg" else record.slug
        return f"{reverse('programmes:programme_list')}?{urlencode({name: value})}"

    return path


def slugs(**kwargs):
    return serializers.SlugRelatedField(slug_field="slug", read_only=True, **kwargs)


def iso3(**kwargs):
    return serializers.SlugRelatedField(slug_field="iso3", read_only=True, **kwargs)


class ThemeSerializer(ReadOnlyModelSerializer):
    url = api_url("theme")
    public_url = PublicUrlField(path=programmes_with("theme"))

    class Meta:
        model = Theme
        fields = ["id", "slug", "name", "description", "url", "public_url"]


class SustainableDevelopmentGoalSerializer(ReadOnlyModelSerializer):
    id = serializers.IntegerField(source="number", read_only=True)
    url = api_url("sdg", lookup_field="number")
    public_url = PublicUrlField(path=programmes_with("sdg"))

    class Meta:
        model = SustainableDevelopmentGoal
        fields = ["id", "number", "short_name", "title", "url", "public_url"]


@extend_schema_serializer(description=_("An agency's role in a programme."))
class ProgrammePartnerSerializer(ReadOnlyModelSerializer):
    agency = BriefAgencySerializer(read_only=True)

    class Meta:
        model = ProgrammePartner
        fields = ["agency", "role", "start_date", "end_date"]


PROGRAMME_FIELDS = [  # what the read side shows of a programme and a partner system writes
    "title",
    "summary",
    "description",
    "modality",
    "instrument",
    "status",
    "start_date",
    "end_date",
    "framework",
    "budget",
    "currency",
    "website",
    "themes",
    "sdgs",
    "partners",
]


class ProgrammeSerializer(ReadOnlyModelSerializer):
    owner = slugs()
    framework = slugs(allow_null=True)
    themes = slugs(many=True)
    sdgs = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    partners = ProgrammePartnerSerializer(many=True, read_only=True)
    url = api_url("programme")
    public_url = PublicUrlField()

    class Meta:
        model = Programme
        fields = ["id", "slug", *PROGRAMME_FIELDS, *OWNED_FIELDS, "url", "public_url"]


ACTIVITY_WRITTEN_FIELDS = [  # what the read side shows of an activity and a partner system writes
    "title",
    "summary",
    "programme",
    "start_date",
    "end_date",
    "host_country",
    "city",
    "format",
    "themes",
    "organisers",
    "reported_participants",
]
ACTIVITY_FIELDS = ["id", "slug", "kind", *ACTIVITY_WRITTEN_FIELDS]


def viewable(source=None):
    """A related record by slug, null where the requester may not view it (a draft of another agency)."""
    return ViewableSlugRelatedField(**({"source": source} if source else {}))


class ActivitySerializer(ReadOnlyModelSerializer):
    owner = slugs()
    programme = viewable()
    host_country = iso3(allow_null=True)
    themes = slugs(many=True)
    organisers = slugs(many=True)


class StudyTourSerializer(ActivitySerializer):
    institutions_visited = slugs(many=True)
    url = api_url("studytour")
    public_url = PublicUrlField()

    class Meta:
        model = Activity
        fields = [
            *ACTIVITY_FIELDS,
            "institutions_visited",
            "learning_objectives",
            *OWNED_FIELDS,
            "url",
            "public_url",
        ]


class CapacityBuildingEventSerializer(ActivitySerializer):
    url = api_url("event")
    public_url = PublicUrlField()

    class Meta:
        model = Activity
        fields = [*ACTIVITY_FIELDS, "event_kind", "duration_hours", *OWNED_FIELDS, "url", "public_url"]


class PracticeSerializer(ReadOnlyModelSerializer):
    owner = slugs()
    origin_country = iso3()
    origin_agency = slugs(allow_null=True)
    themes = slugs(many=True)
    url = api_url("practice")
    public_url = PublicUrlField()

    class Meta:
        model = Practice
        fields = [
            "id",
            "slug",
            "title",
            "summary",
            "description",
            "origin_country",
            "origin_agency",
            "themes",
            "website",
            *OWNED_FIELDS,
            "url",
            "public_url",
        ]


class AdoptionStageChangeSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = AdoptionStageChange
        fields = ["stage", "reached_on", "note"]


class PolicyAdoptionSerializer(ReadOnlyModelSerializer):
    owner = slugs()
    practice = slugs()
    adopting_country = iso3()
    adopting_agency = slugs(allow_null=True)
    activity = viewable()
    programme = viewable()
    stage_history = AdoptionStageChangeSerializer(many=True, read_only=True)
    url = api_url("policyadoption", lookup_field="pk")
    public_url = PublicUrlField(
        path=lambda adoption: (
            f"{reverse('programmes:practice_detail', kwargs={'slug': adoption.practice.slug})}"
        )
    )

    class Meta:
        model = PolicyAdoption
        fields = [
            "id",
            "practice",
            "adopting_country",
            "adopting_agency",
            "activity",
            "programme",
            "stage",
            "stage_history",
            "description",
            "evidence_url",
            *OWNED_FIELDS,
            "url",
            "public_url",
        ]


@extend_schema_serializer(description=_("Personal data: only ever shown to the owning agency's clients."))
class ParticipantSerializer(ReadOnlyModelSerializer):
    """Only ever shown to the owning agency: the endpoints' querysets see to it."""

    country = iso3()

    class Meta:
        model = Participant
        fields = ["id", "name", "email", "gender", "position", "country", "external_id"]


class ParticipationSerializer(ReadOnlyModelSerializer):
    owner = slugs()
    participant = ParticipantSerializer(read_only=True)
    activity = viewable()
    url = api_url("participation", lookup_field="pk")
    public_url = PublicUrlField(path=lambda participation: None, allow_null=True)  # never public

    class Meta:
        model = Participation
        fields = ["id", "participant", "activity", "role", *OWNED_FIELDS, "url", "public_url"]


class FollowUpResponseSerializer(ReadOnlyModelSerializer):
    owner = slugs()
    participation = serializers.PrimaryKeyRelatedField(read_only=True)
    activity = viewable(source="participation.activity")
    url = api_url("followupresponse", lookup_field="pk")
    public_url = PublicUrlField(path=lambda follow_up: None, allow_null=True)  # never public

    class Meta:
        model = FollowUpResponse
        fields = [
            "id",
            "participation",
            "activity",
            "responded_on",
            "applies_skills",
            "fed_policy_measure",
            "comments",
            *OWNED_FIELDS,
            "url",
            "public_url",
        ]


@extend_schema_serializer(
    description=_(
        "A share with what it is a share of: numerator of denominator (the participations that answered "
        'the follow-up), out of participants (all that took part), as in "96 per cent, of 48 who '
        'answered, out of 60 who took part".'
    )
)
class ShareSerializer(serializers.Serializer):
    """programmes.indicators.Share."""

    numerator = serializers.IntegerField(help_text=_("Participations that answered so."))
    denominator = serializers.IntegerField(help_text=_("Participations that answered the follow-up."))
    participants = serializers.IntegerField(help_text=_("Participations in all, answered or not."))
    percent = serializers.IntegerField(
        allow_null=True, help_text=_("numerator over denominator, rounded; null with no answers yet.")
    )
    coverage_percent = serializers.IntegerField(
        allow_null=True, help_text=_("denominator over participants, rounded; null with no participations.")
    )


@extend_schema_serializer(  # one object, though IndicatorViewSet answers it from `list`
    many=False, description=_("The figures of the home page, from all published records.")
)
class HeadlineFiguresSerializer(serializers.Serializer):
    """Computed by programmes.indicators.headline_figures()."""

    programmes = serializers.IntegerField(help_text=_("Published programmes."))
    countries = serializers.IntegerField(
        help_text=_(
            "Countries taking part: through a partner agency of a published programme, or as the host "
            "of a published activity."
        )
    )
    study_tours = serializers.IntegerField(help_text=_("Published study tours."))
    events = serializers.IntegerField(help_text=_("Published capacity-building events."))
    participants = serializers.IntegerField(
        help_text=_("Different people who took part in published activities.")
    )
    adoptions = serializers.IntegerField(help_text=_("Published adoptions of published practices."))
    skills_applied = ShareSerializer(help_text=_("Participations applying the skills or knowledge gained."))
