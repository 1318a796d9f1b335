"""sitemap.xml: every public page, in English and Spanish (django.contrib.sitemaps, with alternates).

sitemap.xml is an index (django.contrib.sitemaps.views.index) naming one sitemap per section
(sitemap-<section>.xml), each in pages of at most PAGE_ITEMS records (?p=2…): one sitemap of every record
took 4 s to render on sample data (14,000 records, each with its two languages), and would grow with the
data; a page of a section stays bounded.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from partners.models import Agency, Country
from programmes.models import CapacityBuildingEvent, Practice, Programme, StudyTour

PAGE_ITEMS = 1000  # records per page of a section's sitemap (each is listed once per language)


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = PAGE_ITEMS * 2  # Django pages the (record, language) pairs: English and Spanish


class PublishedSitemap(PortalSitemap):
    """Published records of one model; the public sees nothing else."""

    model = None
    address_fields = ("slug",)  # what get_absolute_url() reads

    def items(self):
        # only what the address and the date need: each page of a section reads all its records
        fields = (*self.address_fields, "updated_at")
        return self.model.objects.published().order_by("pk").only(*fields)

    def lastmod(self, record):
        return record.updated_at

    def get_latest_lastmod(self):
        """The index's date for the section: one query (Django's default reads every record)."""
        return self.model.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class ProgrammeSitemap(PublishedSitemap):
    model = Programme


class StudyTourSitemap(PublishedSitemap):
    model = StudyTour
    address_fields = ("slug", "kind")


class CapacityBuildingEventSitemap(PublishedSitemap):
    model = CapacityBuildingEvent
    address_fields = ("slug", "kind")


class PracticeSitemap(PublishedSitemap):
    model = Practice


class CountrySitemap(PortalSitemap):
    def items(self):
        return Country.objects.order_by("iso3").only("iso3")


class AgencySitemap(PortalSitemap):
    def items(self):
        return Agency.objects.order_by("slug").only("slug")


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
