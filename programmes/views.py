"""Public pages of programmes, activities, practices and adoptions: the records the visitor may view
(published ones for the public; partners.permissions.restrict). Participants appear only as counts,
and those count published participations only, whoever is looking."""

from django.http import Http404
from django.views import View
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from partners.models import CountryGroup
from programmes.charts import columns, flow_diagram, funnel
from programmes.filtersets import ActivityFilterSet, PolicyAdoptionFilterSet, ProgrammeFilterSet
from programmes.impact import PAGE_ROWS, impact_filters, impact_tables
from programmes.indicators import (
    activity_records,
    headline_figures,
    impact,
    outcome_records,
    outcome_summary,
    participants_by_country,
)
from programmes.models import (
    Activity,
    CapacityBuildingEvent,
    Participation,
    PolicyAdoption,
    Practice,
    Programme,
    StudyTour,
    Theme,
)
from sscportal.fragments import CachedRowsMixin, RowsByKeysMixin
from sscportal.pagination import LastPagePaginator
from sscportal.renames import RenamedSlugRedirectMixin


class HomeView(TemplateView):
    template_name = "programmes/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            figures=headline_figures(),
            latest_activities=Activity.objects.visible(user).order_by("-start_date", "title")[:6],
            regions=CountryGroup.objects.geographic_regions(top_level_only=True).order_by("name"),
            themes=Theme.objects.annotate(
                programme_count=Programme.objects.restrict(user).count_per("themes")
            ),
            **kwargs,
        )


class PublicListView(FilterView):
    """A filterable list of the rows the visitor may view, 25 to a page. strict=False: an unknown
    filter value is shown as an error and left out, not an empty list."""

    strict = False
    paginate_by = 25
    paginator_class = LastPagePaginator
    model = None

    def get_queryset(self):
        return self.model.objects.visible(self.request.user)


class ProgrammeListView(CachedRowsMixin, PublicListView):
    model = Programme
    filterset_class = ProgrammeFilterSet
    template_name = "programmes/programme_list.html"
    row_template_name = "programmes/includes/programme_row.html"


class StudyTourListView(PublicListView):
    model = StudyTour
    filterset_class = ActivityFilterSet
    template_name = "programmes/studytour_list.html"


class CapacityBuildingEventListView(PublicListView):
    model = CapacityBuildingEvent
    filterset_class = ActivityFilterSet
    template_name = "programmes/event_list.html"


class PolicyAdoptionListView(RowsByKeysMixin, PublicListView):
    model = PolicyAdoption
    filterset_class = PolicyAdoptionFilterSet
    template_name = "programmes/policyadoption_list.html"


class ProgrammeDetailView(RenamedSlugRedirectMixin, DetailView):
    def get_queryset(self):
        return Programme.objects.visible(self.request.user)

    def get_context_data(self, **kwargs):
        user, programme = self.request.user, self.object
        activities = Activity.objects.restrict(user).filter(programme=programme)
        return super().get_context_data(
            activities=Activity.objects.visible(user).filter(programme=programme).timeline(),
            participants=participants_by_country(
                Participation.objects.published().filter(activity__in=activities)
            ),
            practices=Practice.objects.visible(user).presented_at(activities),
            adoptions=PolicyAdoption.objects.visible(user).filter(programme=programme),
            outcomes=outcome_summary(outcome_records(Programme.objects.filter(pk=programme.pk))),
            **kwargs,
        )


class ActivityDetailView(RenamedSlugRedirectMixin, DetailView):
    template_name = "programmes/activity_detail.html"
    model = Activity

    def get_queryset(self):
        return self.model.objects.visible(self.request.user).with_partners()

    def get_context_data(self, **kwargs):
        user, activity = self.request.user, self.object
        return super().get_context_data(
            participants=participants_by_country(Participation.objects.published().filter(activity=activity)),
            practices=Practice.objects.visible(user).presented_at([activity.pk]),
            adoptions=PolicyAdoption.objects.visible(user).filter(activity=activity),
            outcomes=outcome_summary(activity_records(activity)),
            **kwargs,
        )


class StudyTourDetailView(ActivityDetailView):
    model = StudyTour


class CapacityBuildingEventDetailView(ActivityDetailView):
    model = CapacityBuildingEvent


class PracticeDetailView(RenamedSlugRedirectMixin, DetailView):
    def get_queryset(self):
        return Practice.objects.visible(self.request.user)

    def get_context_data(self, **kwargs):
        user, practice = self.request.user, self.object
        return super().get_context_data(
            activities=Activity.objects.visible(user).filter(practices=practice),
            adoptions=PolicyAdoption.objects.visible(user).filter(practice=practice),
            **kwargs,
        )


class ImpactView(TemplateView):
    """What the cooperation led to, from published records: follow-up, the adoption pipeline, knowledge
    flows and reach, as charts with their tables, for the programmes the filters choose (all by
    default)."""

    template_name = "programmes/impact.html"

    def get_context_data(self, **kwargs):
        filterset, programmes = impact_filters(self.request)
        figures = impact(programmes, first=PAGE_ROWS)  # the longest tables' downloads have the rest
        return super().get_context_data(
            filter=filterset,
            filtered=programmes is not None,
            impact=figures,
            tables=impact_tables(figures),
            pipeline_chart=funnel(figures.pipeline),
            flows_chart=flow_diagram(figures.flows_by_region),
            years_chart=columns(
                (item.key, item.figures[0], str(item.figures[0])) for item in figures.reach.by_year
            ),
            **kwargs,
        )


class ImpactTableView(View):
    """One table of the impact page as CSV, with the page's filters."""

    def get(self, request, table):
        _filterset, programmes = impact_filters(request)
        tables = impact_tables(impact(programmes), only=table)  # counts that table's figures only
        if not tables:
            raise Http404
        return next(iter(tables.values())).csv_response()
