"""Public pages of programmes, activities and practices: published records only."""

from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from programmes.filtersets import ActivityFilterSet, ProgrammeFilterSet
from programmes.indicators import headline_figures
from programmes.models import CapacityBuildingEvent, Practice, Programme, StudyTour
from sscportal.pagination import LastPagePaginator


class HomeView(TemplateView):
    template_name = "programmes/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(figures=headline_figures(), **kwargs)


class ProgrammeListView(FilterView):
    filterset_class = ProgrammeFilterSet
    template_name = "programmes/programme_list.html"
    strict = False  # an unknown filter value is shown as an error and left out, not an empty list
    paginate_by = 25
    paginator_class = LastPagePaginator

    def get_queryset(self):
        return Programme.objects.restrict(self.request.user, "view").for_list()


class StudyTourListView(FilterView):
    filterset_class = ActivityFilterSet
    template_name = "programmes/studytour_list.html"
    strict = False
    paginate_by = 25
    paginator_class = LastPagePaginator

    def get_queryset(self):
        return StudyTour.objects.restrict(self.request.user, "view").for_list()


class CapacityBuildingEventListView(FilterView):
    filterset_class = ActivityFilterSet
    template_name = "programmes/event_list.html"
    strict = False
    paginate_by = 25
    paginator_class = LastPagePaginator

    def get_queryset(self):
        return CapacityBuildingEvent.objects.restrict(self.request.user, "view").for_list()


class ProgrammeDetailView(DetailView):
    def get_queryset(self):
        return Programme.objects.restrict(self.request.user, "view").for_list()


class StudyTourDetailView(DetailView):
    template_name = "programmes/activity_detail.html"

    def get_queryset(self):
        return StudyTour.objects.restrict(self.request.user, "view").for_list()


class CapacityBuildingEventDetailView(DetailView):
    template_name = "programmes/activity_detail.html"

    def get_queryset(self):
        return CapacityBuildingEvent.objects.restrict(self.request.user, "view").for_list()


class PracticeDetailView(DetailView):
    def get_queryset(self):
        return Practice.objects.restrict(self.request.user, "view").for_list()
