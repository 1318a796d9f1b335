"""sitemap.xml: every public page, in English and Spanish (django.contrib.sitemaps, with alternates)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from partners.models import Agency, Country
from programmes.models import CapacityBuildingEvent, Practice, Programme, StudyTour


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PublishedSitemap(PortalSitemap):
    """Published records of one model; the public sees nothing else."""

    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, record):
        return record.updated_at


class ProgrammeSitemap(PublishedSitemap):
    model = Programme


class StudyTourSitemap(PublishedSitemap):
    model = StudyTour


class CapacityBuildingEventSitemap(PublishedSitemap):
    model = CapacityBuildingEvent


class PracticeSitemap(PublishedSitemap):
    model = Practice


class CountrySitemap(PortalSitemap):
    def items(self):
        return Country.objects.order_by("iso3")


class AgencySitemap(PortalSitemap):
    def items(self):
        return Agency.objects.order_by("slug")


class ListPageSitemap(PortalSitemap):
    def items(self):
        return [
            "programmes:home",
            "programmes:programme_list",
            "programmes:studytour_list",
            "programmes:event_list",
            "partners:country_list",
            "partners:agency_list",
            "programmes:policyadoption_list",
            "programmes:impact",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": ListPageSitemap,
    "programmes": ProgrammeSitemap,
    "study-tours": StudyTourSitemap,
    "events": CapacityBuildingEventSitemap,
    "practices": PracticeSitemap,
    "countries": CountrySitemap,
    "agencies": AgencySitemap,
}
