"""sitemap.xml: every public page, in English and Spanish (django.contrib.sitemaps, with alternates).

sitemap.xml is an index (django.contrib.sitemaps.views.index) naming one sitemap per section
(sitemap-<section>.xml), each in pages of at most PAGE_ITEMS records (?p=2…): one sitemap of every record
took 4 s to render on sample data (14,000 records, each with its two languages), and would grow with the
data; a page of a section stays bounded. Django pages a translated sitemap's (record, language) pairs
from a list of every record; LanguagePairs gives the same pairs from the QuerySet, counting it and
reading one page of records at a time.
"""

from collections.abc import Sequence

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, QuerySet
from django.urls import reverse

from partners.models import Agency, Country
from programmes.models import CapacityBuildingEvent, Practice, Programme, StudyTour

PAGE_ITEMS = 1000  # records per page of a section's sitemap (each is listed once per language)


class LanguagePairs(Sequence):
    """(record, language) for each record of `records` (an ordered QuerySet) and each of `languages`, in
    that order, as Django's translated sitemaps page them; a slice reads only the records it needs."""

    def __init__(self, records, languages):
        self.records, self.languages = records, list(languages)
        self._length = None

    def __len__(self):
        if self._length is None:
            self._length = self.records.count() * len(self.languages)
        return self._length

    def __getitem__(self, index):
        if not isinstance(index, slice):
            position = index + len(self) if index < 0 else index
            if not 0 <= position < len(self):
                raise IndexError(index)
            return self[position : position + 1][0]
        start, stop, step = index.indices(len(self))
        if step < 0:  # backwards (Paginator never asks): pair by pair
            return [self[position] for position in range(start, stop, step)]
        per_record = len(self.languages)
        first = start // per_record
        records = self.records[first : -(-stop // per_record)] if stop > start else []
        pairs = [(record, language) for record in records for language in self.languages]
        return pairs[start - first * per_record : stop - first * per_record : step]


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = PAGE_ITEMS * len(settings.LANGUAGES)  # Django pages the (record, language) pairs

    @property
    def paginator(self):
        items = self.items()
        if not isinstance(items, QuerySet):
            return super().paginator
        languages = self.languages or [code for code, _name in settings.LANGUAGES]
        return Paginator(LanguagePairs(items, languages), self.limit)


class PublishedSitemap(PortalSitemap):
    """Published records of one model; the public sees nothing else."""

    model = None
    address_fields = ("slug",)  # what get_absolute_url() reads

    def items(self):
        # only what the address and the date need
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
