"""Base serializers of the API. Every record carries a stable `id`, its `slug` (or ISO code), `url` (its
API address) and `public_url` (its public page, absolute); dates and times are ISO 8601; countries are
ISO 3166-1 alpha-3 codes and currencies ISO 4217 codes. Related records appear in a brief form.

Lists are serialised read-only: every field is declared or listed (never "__all__"), related records
come from the QuerySet's for_list() prefetches, so a page costs the same few queries at any size.
(Writing — a base serializer that runs the model's full_clean() — is added with the writing side.)
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.URI)
class PublicUrlField(serializers.Field):
    """The absolute address of the record's public page: `path(record)`, by default
    record.get_absolute_url(); null when the record has no page."""

    def __init__(self, path=None, **kwargs):
        self.path = path or (lambda record: record.get_absolute_url())
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, value):
        path = self.path(value)
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request and path else path


def api_url(basename, lookup_field="slug"):
    """The record's own API address (its detail endpoint)."""
    return serializers.HyperlinkedIdentityField(view_name=f"api:{basename}-detail", lookup_field=lookup_field)


class ReadOnlyModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose fields are all read-only (the read side of the API)."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields
