"""The computed figures of programmes.indicators through the API: /api/v1/indicators/ (the headline
figures), and /api/v1/indicators/follow-up/, pipeline/, flows/ and reach/ with the programme list's
filters (the same ProgrammeFilterSet as /programmes/ and /impact/; a bad value is a 400 naming the
filter). Published records only, whoever asks; with no filter every published record counts (adoptions
not linked to a programme included), as on the impact page. Places are ISO 3166-1 alpha-3 codes or M49
codes of regions and sub-regions, records are slugs."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from programmes.api.serializers import HeadlineFiguresSerializer, ShareSerializer
from programmes.choices import AdoptionStage
from programmes.filtersets import ProgrammeFilterSet
from programmes.indicators import (
    FLOW_LEVELS,
    FOLLOW_UP_DIMENSIONS,
    PIPELINE_DIMENSIONS,
    adoption_pipeline,
    adoption_pipeline_by,
    follow_up_by,
    follow_up_total,
    headline_figures,
    knowledge_flows,
    outcome_records,
    reach,
)
from programmes.models import Programme
from sscportal.api.filters import PortalFilterBackend
from sscportal.api.views import PortalAPIMixin


def code_of(key):
    """How the API names a group's key: a country's ISO code, a region's M49 code, a record's slug, a
    year as it is; None for records without one (e.g. online activities)."""
    for attribute in ("iso3", "m49_code", "slug"):
        if hasattr(key, attribute):
            return getattr(key, attribute)
    return key


NAME = gettext_lazy("Its name, in the request's language (null: none recorded).")


class FollowUpSerializer(serializers.Serializer):
    skills_applied = ShareSerializer(
        help_text=gettext_lazy("Participations applying the skills or knowledge gained.")
    )
    policy_measure = ShareSerializer(help_text=gettext_lazy("Participations that fed a policy measure."))


@extend_schema_serializer(description=gettext_lazy("One group of the breakdown."))
class FollowUpGroupSerializer(FollowUpSerializer):
    """programmes.indicators.Breakdown."""

    key = serializers.JSONField(
        help_text=gettext_lazy("The group's ISO code, slug or year (null: none recorded, or not published).")
    )
    name = serializers.CharField(allow_null=True, help_text=NAME)

    def to_representation(self, instance):
        return {
            "key": code_of(instance.key),
            "name": str(instance.key) if instance.key is not None else None,
            **FollowUpSerializer(instance.figures).data,
        }


class FollowUpAnswerSerializer(serializers.Serializer):
    by = serializers.ChoiceField(
        choices=list(FOLLOW_UP_DIMENSIONS), help_text=gettext_lazy("What the groups are.")
    )
    overall = FollowUpSerializer(help_text=gettext_lazy("All the groups together."))
    groups = FollowUpGroupSerializer(many=True, help_text=gettext_lazy("Most participations first."))


class StageSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(
        choices=AdoptionStage.choices, help_text=gettext_lazy("The stage's code.")
    )
    label = serializers.CharField(help_text=gettext_lazy("The stage's name, in the request's language."))
    now = serializers.IntegerField(help_text=gettext_lazy("Adoptions at this stage now."))
    reached = serializers.IntegerField(help_text=gettext_lazy("Adoptions at this stage or a later one."))
    moved = serializers.IntegerField(
        help_text=gettext_lazy("Adoptions with dates for this stage and an earlier one.")
    )
    average_days = serializers.FloatField(
        allow_null=True,
        help_text=gettext_lazy(
            "Average days from the latest earlier stage with a date (null: no adoption moved here with "
            "dates)."
        ),
    )


class PipelineSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text=gettext_lazy("Adoptions counted."))
    stages = StageSerializer(many=True, help_text=gettext_lazy("From interest to scaled."))


@extend_schema_serializer(description=gettext_lazy("The pipeline of one group of the breakdown."))
class PipelineGroupSerializer(PipelineSerializer):
    """programmes.indicators.Breakdown of Pipeline."""

    key = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("The group's ISO or M49 code, or slug.")
    )
    name = serializers.CharField(allow_null=True, help_text=NAME)

    def to_representation(self, instance):
        return {
            "key": code_of(instance.key),
            "name": str(instance.key) if instance.key is not None else None,
            **PipelineSerializer(instance.figures).data,
        }


@extend_schema_serializer(
    description=gettext_lazy(
        "The whole pipeline, and with ?by= the pipeline of each group (counts and stage durations)."
    )
)
class PipelineAnswerSerializer(PipelineSerializer):
    by = serializers.ChoiceField(
        choices=list(PIPELINE_DIMENSIONS),
        allow_null=True,
        help_text=gettext_lazy("What the groups are (null without ?by=)."),
    )
    groups = PipelineGroupSerializer(many=True, help_text=gettext_lazy("Empty unless ?by= is given."))


class FlowSerializer(serializers.Serializer):
    origin = serializers.CharField(
        allow_null=True,
        help_text=gettext_lazy(
            "Where the practice comes from: an ISO 3166-1 alpha-3 code, or the M49 code of a sub-region or "
            "region (null: not recorded)."
        ),
    )
    origin_name = serializers.CharField(allow_null=True, help_text=NAME)
    adopting = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("Where it was adopted: a code of the same level.")
    )
    adopting_name = serializers.CharField(allow_null=True, help_text=NAME)
    by_stage = serializers.DictField(
        child=serializers.IntegerField(), help_text=gettext_lazy("Adoptions at each stage now.")
    )
    total = serializers.IntegerField(help_text=gettext_lazy("Adoptions in all."))

    def to_representation(self, flow):
        return {
            "origin": code_of(flow.origin),
            "origin_name": str(flow.origin) if flow.origin is not None else None,
            "adopting": code_of(flow.adopting),
            "adopting_name": str(flow.adopting) if flow.adopting is not None else None,
            "by_stage": dict(zip(AdoptionStage.values, flow.by_stage, strict=True)),
            "total": flow.total,
        }


class CountSerializer(serializers.Serializer):
    key = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("The M49 code of the region, or the gender (null: none).")
    )
    name = serializers.CharField(allow_null=True, help_text=NAME)
    count = serializers.IntegerField(
        help_text=gettext_lazy("How many: people or activities, as the list says.")
    )

    def to_representation(self, item):
        return {
            "key": code_of(item.key),
            "name": str(getattr(item.key, "label", item.key)) if item.key is not None else None,
            "count": item.figures,
        }


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text=gettext_lazy("A year in which activities started."))
    participants = serializers.IntegerField(
        help_text=gettext_lazy("Different people who took part in the activities that started that year.")
    )
    activities = serializers.IntegerField(help_text=gettext_lazy("Activities that started that year."))

    def to_representation(self, item):
        return {"year": item.key, "participants": item.figures[0], "activities": item.figures[1]}


class ReachSerializer(serializers.Serializer):
    participants = serializers.IntegerField(help_text=gettext_lazy("Different people who took part."))
    sids_participants = serializers.IntegerField(
        help_text=gettext_lazy("Different people from small island developing states.")
    )
    ldc_participants = serializers.IntegerField(
        help_text=gettext_lazy("Different people from least developed countries.")
    )
    by_region = CountSerializer(
        many=True, help_text=gettext_lazy("Different people by the M49 region of their country.")
    )
    by_gender = CountSerializer(many=True, help_text=gettext_lazy("Different people by gender."))
    by_year = YearSerializer(many=True, help_text=gettext_lazy("By the year the activities started."))
    activities_by_region = CountSerializer(
        many=True,
        help_text=gettext_lazy("Activities by the M49 region of their host country (null: online)."),
    )


BY = OpenApiParameter("by", enum=list(FOLLOW_UP_DIMENSIONS), default="country")
LEVEL = OpenApiParameter("level", enum=list(FLOW_LEVELS), default="region")
PIPELINE_BY = OpenApiParameter(
    "by", enum=list(PIPELINE_DIMENSIONS), description=gettext_lazy("Also break it down by this.")
)


class IndicatorViewSet(PortalAPIMixin, viewsets.GenericViewSet):
    """The computed figures (programmes.indicators): the headline figures at /indicators/, and the
    outcome figures of the published records of the programmes the filters choose (all by default)."""

    queryset = Programme.objects.published()
    filterset_class = ProgrammeFilterSet
    filter_backends = [PortalFilterBackend]
    pagination_class = None

    def records(self):
        """The published records to count: those of the filtered programmes, or all of them; a 400
        naming a bad filter value, as DjangoFilterBackend answers on the lists."""
        filterset = PortalFilterBackend().get_filterset(self.request, self.get_queryset(), self)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return outcome_records(filterset.chosen())

    def choice(self, name, options, default):
        value = self.request.query_params.get(name, default)
        if value not in options:
            message = _("Choose one of: %(options)s.") % {"options": ", ".join(options)}
            raise ValidationError({name: [message]}, code="invalid_choice")
        return value

    @extend_schema(
        filters=False,
        responses=HeadlineFiguresSerializer,
        description=gettext_lazy(
            "The headline figures of the home page, from all published records (no filters)."
        ),
    )
    def list(self, request):
        return Response(HeadlineFiguresSerializer(headline_figures()).data)

    @extend_schema(
        filters=True,
        parameters=[BY],
        responses=FollowUpAnswerSerializer,
        description=gettext_lazy(
            "Participations applying their new skills and feeding a policy measure, each with its "
            "denominator (those that answered) and coverage, overall and by programme, activity, country "
            "of participant or year."
        ),
    )
    @action(detail=False, url_path="follow-up")
    def follow_up(self, request):
        by = self.choice("by", list(FOLLOW_UP_DIMENSIONS), "country")
        groups = follow_up_by(self.records().counts(), by)
        answer = {"by": by, "overall": follow_up_total(groups), "groups": groups}
        return Response(FollowUpAnswerSerializer(answer).data)

    @extend_schema(
        filters=True,
        parameters=[PIPELINE_BY],
        responses=PipelineAnswerSerializer,
        description=gettext_lazy(
            "Adoptions by stage (interest, adapting, piloting, adopted, scaled), the funnel of those that "
            "reached each stage, and the average days between stages; with ?by=, the same for each "
            "programme, practice, origin or adopting country or region."
        ),
    )
    @action(detail=False)
    def pipeline(self, request):
        by = self.choice("by", list(PIPELINE_DIMENSIONS), None) if "by" in request.query_params else None
        adoptions = self.records().adoptions
        pipeline = adoption_pipeline(adoptions)
        answer = {
            "total": pipeline.total,
            "stages": pipeline.stages,
            "by": by,
            "groups": adoption_pipeline_by(adoptions, by) if by else [],
        }
        return Response(PipelineAnswerSerializer(answer).data)

    @extend_schema(
        filters=True,
        parameters=[LEVEL],
        responses=FlowSerializer(many=True),
        description=gettext_lazy(
            "Who learned from whom: adoptions by the practice's origin and the adopting country (or M49 "
            "sub-region or region: Latin America and the Caribbean is a sub-region), by stage; largest "
            "flows first."
        ),
    )
    @action(detail=False)
    def flows(self, request):
        level = self.choice("level", list(FLOW_LEVELS), "region")
        return Response(FlowSerializer(knowledge_flows(self.records().adoptions, level), many=True).data)

    @extend_schema(
        filters=True,
        responses=ReachSerializer,
        description=gettext_lazy(
            "Whom the activities reached: different participants by region, gender and year, from small "
            "island developing states and least developed countries; activities by host region and year."
        ),
    )
    @action(detail=False)
    def reach(self, request):
        return Response(ReachSerializer(reach(self.records())).data)
