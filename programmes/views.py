"""Public pages of programmes, activities and practices: published records only."""

from django.views.generic import DetailView, TemplateView

from programmes.indicators import headline_figures
from programmes.models import CapacityBuildingEvent, Practice, Programme, StudyTour


class HomeView(TemplateView):
    template_name = "programmes/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(figures=headline_figures(), **kwargs)


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
