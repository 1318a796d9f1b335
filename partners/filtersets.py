"""Filters of countries and agencies, shared by the public pages (and, later, the API): `q` is the text
search, the other filters narrow by one field."""

import django_filters
from django.utils.translation import gettext_lazy as _

from partners.models import Agency, AgencyKind, Country, CountryGroup, CountryGroupKind
from sscportal.filtering import PortalFilterSet


def m49_regions(request=None):
    """The top-level UN M49 regions (Africa, Americas, Asia, Europe, Oceania)."""
    return CountryGroup.objects.geographic_regions(top_level_only=True)


class CountryFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=m49_regions, to_field_name="slug", empty_label=_("All regions")
    )

    class Meta:
        model = Country
        fields = ["q", "region"]

    def search(self, queryset, name, value):
        """Countries whose name (in English or Spanish) matches the text, or whose ISO code is the text
        (CountryQuerySet.search)."""
        return queryset.search(value)


class AgencyFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=AgencyKind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = Agency
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        """Agencies whose name, acronym or country name matches the text (AgencyQuerySet.search)."""
        return queryset.search(value)


class CountryGroupFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=CountryGroupKind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = CountryGroup
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        """Groups whose name (in English or Spanish) matches the text, or whose code is the text
        (CountryGroupQuerySet.search)."""
        return queryset.search(value)
