"""Base serializers of the API. Every record carries a stable `id`, its `slug` (or ISO code), `url` (its
API address) and `public_url` (its public page, absolute); dates and times are ISO 8601; countries are
ISO 3166-1 alpha-3 codes and currencies ISO 4217 codes. Related records appear in a brief form.

Lists are serialised read-only: every field is declared or listed (never "__all__"), related records
come from the QuerySet's for_list() prefetches, so a page costs the same few queries at any size.

Writing goes through a serializer of its own per resource (WritableModelSerializer): the request body
names fields, never "id", "url" or "publication_status", and related records by their slug or ISO code,
as the read side shows them. The answer to a write is the record as the read side shows it.
"""

from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.serializers import as_serializer_error

from partners.permissions import may_view_record

UNKNOWN_FIELD = _("This field is not known here; the fields are listed in the API's schema.")
READ_ONLY_FIELD = _("This field cannot be written.")


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


class ViewableSlugRelatedField(serializers.SlugRelatedField):
    """A related record that agencies log (an activity's programme), by slug, where the requester may
    view it; else null: the public and other agencies never learn the slug of a draft. Read-only."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, allow_null=True)
        kwargs.setdefault("slug_field", "slug")
        kwargs.setdefault("help_text", _("Its slug; null where it is not published and not your agency's."))
        super().__init__(**kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not may_view_record(user, value):
            return None
        return super().to_representation(value)


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


class CodeRelatedField(serializers.SlugRelatedField):
    """A related record named by its slug, ISO code or number, written as the read side shows it. Any
    value that is not one of them (a list, an object, a number too large for the database) is a 400
    naming the field, never a server error."""

    default_error_messages = {
        "does_not_exist": _("There is no “{value}” to choose here."),
        "invalid": _("Give the code or slug as a string or number."),
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int):
            self.fail("invalid")
        value = str(data)
        model_field = self.queryset.model._meta.get_field(self.slug_field)
        numeric = model_field.get_internal_type().endswith("IntegerField")
        # Only values the database can compare are looked up (a NUL character, or a number out of the
        # column's range, would be a database error, which on PostgreSQL ends the transaction).
        if (
            not value
            or len(value) > 200
            or not value.isprintable()
            or (numeric and not (value.isdigit() and len(value) <= 9))
        ):
            self.fail("does_not_exist", value=value[:50])
        try:
            return self.get_queryset().get(**{self.slug_field: value})
        except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
            self.fail("does_not_exist", value=value)


class OwnedRelatedField(CodeRelatedField):
    """A record an agency owns, named by its slug: only those the client may view can be chosen (THE
    rule, as the admin limits its choices), so another agency's draft is as unknown as a wrong slug."""

    def __init__(self, slug_field="slug", **kwargs):
        super().__init__(slug_field=slug_field, **kwargs)

    def get_queryset(self):
        from partners.permissions import VIEW

        request = self.context.get("request")
        user = getattr(request, "user", None)
        return self.queryset.restrict(user, VIEW) if user is not None else self.queryset.none()


def code_field(slug_field="slug", *, queryset, **kwargs):
    return CodeRelatedField(slug_field=slug_field, queryset=queryset, **kwargs)


def model_errors(error: DjangoValidationError, prefix: str = "", names: Mapping | None = None):
    """Django's ValidationError (from full_clean or a service) as DRF's, each field named as the API
    names it: `prefix` before nested fields ("participations.2.participant."), translated columns by
    their field (title_en → title), and errors of the whole record under `prefix` itself (or none)."""
    details = as_serializer_error(error)
    renamed = {}
    for key, messages in details.items():
        if key in (NON_FIELD_ERRORS, serializers.api_settings.NON_FIELD_ERRORS_KEY):
            name = prefix.rstrip(".") or serializers.api_settings.NON_FIELD_ERRORS_KEY
        else:
            name = prefix + (names or {}).get(key, key)
        renamed.setdefault(name, []).extend(messages)
    return serializers.ValidationError(renamed)


class WritableModelSerializer(serializers.ModelSerializer):
    """The base of every serializer that writes: validation through the model's own rules.

    1. The fields (DRF): types, choices, lengths, related records that exist. A field the serializer
       does not have is a 400 naming it, with the code unknown_field, or read_only for one the record's
       detail shows but clients do not write (id, url, publication_status…: the view names them in the
       context as `shown_fields`); a body that is not an object is a 400 too.
    2. The model's rules (Model.full_clean(): clean(), field validators, constraints with their
       messages) on the record as it would be saved, with its owner — run by save(), after the view
       has settled the owner (partners.permissions.owner_choices). A failure is a 400 naming each field.
    3. The write itself, by the resource's service (programmes.services), which runs full_clean()
       again before every save, inside the request's transaction.

    Subclasses list `fields` (never "__all__"), name their service calls in create() and update(),
    and may name `nested_fields` (written by the service, not set on the record) and `translated`
    fields (modeltranslation's title → title_en…)."""

    nested_fields: tuple[str, ...] = ()

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {}
            for key in data:
                field = self.fields.get(key) if isinstance(key, str) else None
                if field is None and key in self.context.get("shown_fields", ()):
                    errors[key] = [serializers.ErrorDetail(READ_ONLY_FIELD, code="read_only")]
                elif field is None:
                    errors[str(key)[:100]] = [serializers.ErrorDetail(UNKNOWN_FIELD, code="unknown_field")]
                elif field.read_only:
                    errors[key] = [serializers.ErrorDetail(READ_ONLY_FIELD, code="read_only")]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)

    def model_attrs(self, validated_data):
        """The validated values that are the record's own fields (not many-to-many, not nested)."""
        model = self.Meta.model
        names = {f.name for f in model._meta.concrete_fields}
        return {
            key: value
            for key, value in validated_data.items()
            if key in names and key not in self.nested_fields
        }

    def check_model_rules(self, instance, prefix="", **options):
        """full_clean() of `instance`, its errors named as the API names its fields."""
        try:
            instance.full_clean(**options)
        except DjangoValidationError as error:
            raise model_errors(error, prefix, self.field_names_of(instance)) from None

    @staticmethod
    def field_names_of(instance):
        """modeltranslation's language columns (title_en, title_es) by the field the API writes."""
        from modeltranslation.translator import NotRegistered, translator

        try:
            options = translator.get_options_for_model(type(instance))
        except NotRegistered:
            return {}
        return {column.name: name for name, columns in options.all_fields.items() for column in columns}

    def build(self, validated_data, owner):
        """The record as it would be saved: a new one, or this serializer's instance with the changes."""
        attrs = self.model_attrs(validated_data)
        attrs.pop("owner", None)
        if self.instance is None:
            return self.Meta.model(owner=owner, **attrs)
        for key, value in attrs.items():
            setattr(self.instance, key, value)
        self.instance.owner = owner
        return self.instance

    def save(self, **kwargs):
        """Check the model's rules on the record as it would be saved, then write it (create/update)."""
        owner = kwargs.get("owner") or getattr(self.instance, "owner", None)
        self.check_rules({**self.validated_data, **kwargs}, owner)
        return super().save(**kwargs)

    def check_rules(self, validated_data, owner):
        """The model's rules for the record (subclasses add the rules across nested rows)."""
        self.check_model_rules(self.build(validated_data, owner))
