"""API endpoints of countries, country groups and agencies: reference data, open to everyone."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema

from partners.api.serializers import AgencySerializer, CountryGroupSerializer, CountrySerializer
from partners.filtersets import AgencyFilterSet, CountryFilterSet, CountryGroupFilterSet
from partners.models import Agency, Country, CountryGroup
from sscportal.api.views import PortalViewSet


@extend_schema(
    description=_(
        "Countries and territories (ISO 3166-1), looked up by their alpha-3 code, e.g. /countries/COL/."
    )
)
class CountryViewSet(PortalViewSet):
    serializer_class = CountrySerializer
    filterset_class = CountryFilterSet
    lookup_field = "iso3"
    lookup_value_regex = "[A-Z]{3}"

    def get_queryset(self):
        return Country.objects.for_list().order_by("name", "pk")


@extend_schema(
    description=_(
        "Regions (UN M49), regional commissions, organisations, platforms and networks of countries."
    )
)
class CountryGroupViewSet(PortalViewSet):
    serializer_class = CountryGroupSerializer
    filterset_class = CountryGroupFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return CountryGroup.objects.for_list().prefetch_related("members").order_by("kind", "name", "pk")


@extend_schema(description=_("Agencies taking part in cooperation, looked up by slug."))
class AgencyViewSet(PortalViewSet):
    serializer_class = AgencySerializer
    filterset_class = AgencyFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        return Agency.objects.for_list().order_by("name", "pk")
