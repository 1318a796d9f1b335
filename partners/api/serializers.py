"""Countries, country groups and agencies as the API shows them (read side)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from partners.models import Agency, Country, CountryGroup
from sscportal.api.serializers import PublicUrlField, ReadOnlyModelSerializer, api_url


@extend_schema_serializer(description=_("An agency as other records mention it."))
class BriefAgencySerializer(ReadOnlyModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso3", read_only=True, allow_null=True)

    class Meta:
        model = Agency
        fields = ["id", "slug", "name", "acronym", "country"]


class CountrySerializer(ReadOnlyModelSerializer):
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    subregion = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    intermediate_region = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    url = api_url("country", lookup_field="iso3")
    public_url = PublicUrlField()

    class Meta:
        model = Country
        fields = [
            "id",
            "iso3",
            "iso2",
            "m49_code",
            "name",
            "region",
            "subregion",
            "intermediate_region",
            "income_group",
            "is_sids",
            "is_ldc",
            "is_lldc",
            "url",
            "public_url",
        ]


class CountryGroupSerializer(ReadOnlyModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    members = serializers.SlugRelatedField(slug_field="iso3", many=True, read_only=True)
    url = api_url("countrygroup")
    public_url = PublicUrlField(path=lambda group: None, allow_null=True)  # no public page yet

    class Meta:
        model = CountryGroup
        fields = [
            "id",
            "slug",
            "code",
            "name",
            "kind",
            "m49_code",
            "parent",
            "founded_year",
            "website",
            "description",
            "members",
            "url",
            "public_url",
        ]


class AgencySerializer(ReadOnlyModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso3", read_only=True, allow_null=True)
    url = api_url("agency")
    public_url = PublicUrlField()

    class Meta:
        model = Agency
        fields = [
            "id",
            "slug",
            "name",
            "acronym",
            "kind",
            "country",
            "website",
            "description",
            "url",
            "public_url",
        ]
