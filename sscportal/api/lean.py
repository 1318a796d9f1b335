"""Lean serialisation of read-only lists: a page's rows read with values() and written as the resource's
read serializer writes them, without a model instance per row and per related record.

A page of 50 programmes with their themes, goals and partners costs DRF about 700 model instances
(prefetch_related builds one per related row) and a Field.get_attribute per value; here the same page
is a handful of values() queries and the serializer's own fields' to_representation() on plain values.
What a serializer shows is still defined once, by the serializer: each one is turned once into a Plan
(plan_for), field by field:

  * a model field, or one reached through foreign keys ("participation.activity"): its column;
  * a related record by slug, code or key (SlugRelatedField, PrimaryKeyRelatedField): the related
    column ("owner__slug"); many of them (themes): one query for the page, in the related model's order;
    one shown only where the requester may view it (ViewableSlugRelatedField): with its publication
    status and owner;
  * a related record in a brief form (a nested serializer over a foreign key): its plan, on the joined
    columns; many of them (partners, stage history: a reverse foreign key): one query for the page;
  * the record's API address (HyperlinkedIdentityField) and public page (PublicUrlField), built from the
    row's own columns.

A serializer with any other field (a method field, a property) has no plan, and its lists are
serialised by DRF as before; so is a page whose public addresses need a related record. Tests compare
both serialisations of every list endpoint byte for byte (tests/api/test_lean.py).
"""

import functools
from dataclasses import dataclass
from urllib.parse import quote

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from modeltranslation.manager import rewrite_order_lookup_key
from rest_framework import relations, serializers
from rest_framework.reverse import preserve_builtin_query_params

from partners.permissions import may_view_columns
from sscportal.api.pagination import keyset_fields
from sscportal.api.serializers import PublicUrlField, ViewableSlugRelatedField
from sscportal.languages import plain_values, renamed, translated_aliases, values_in_language

# What stands for the lookup value in an address reversed once per page: the first that the route's
# pattern accepts (slugs, numbers, ISO codes).
PLACEHOLDERS = ("lean-key-0", "987654321987", "QQQ")
URL_SAFE = "!$&'()*+,;=/~:@"  # what Django's reverse() leaves unquoted in a path


class Unsupported(Exception):
    """A serializer field, or a value, that only DRF can serialise."""


def lookup_of(source: str) -> str:
    return source.replace(".", "__")


def model_field(model, source: str):
    """The model field that `source` ("a.b.c") ends on, through forward relations."""
    field = None
    for name in source.split("."):
        if field is not None:
            if not (field.many_to_one or field.one_to_one) or field.auto_created:
                raise Unsupported(source)
            model = field.related_model
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            raise Unsupported(source) from None
    return field


@dataclass
class Column:
    """A value of the row itself, or of a record joined through foreign keys."""

    name: str
    lookup: str
    field: serializers.Field
    raw: bool = False  # already what the API shows (slugs, codes, keys)

    def lookups(self):
        return [self.lookup]

    def represent(self, row, related, prefix, context):
        value = row[prefix + self.lookup]
        if value is None or self.raw:
            return value
        return self.field.to_representation(value)


@dataclass
class Viewable:
    """A related record by slug, null where the requester may not view it (ViewableSlugRelatedField),
    decided on the related record's publication status and owner, read with the row."""

    name: str
    lookup: str
    shown: str

    def lookups(self):
        return [f"{self.lookup}__{name}" for name in (self.shown, "publication_status", "owner")]

    def represent(self, row, related, prefix, context):
        value, status, owner = (row[prefix + lookup] for lookup in self.lookups())
        if value is None or not may_view_columns(context["request"].user, status, owner):
            return None
        return value


@dataclass
class Nested:
    """A related record in a brief form, through a foreign key: its own plan on the joined columns."""

    name: str
    lookup: str
    plan: "Plan"

    def lookups(self):
        return [f"{self.lookup}__pk"] + [f"{self.lookup}__{lookup}" for lookup in self.plan.lookups()]

    def represent(self, row, related, prefix, context):
        if row[f"{prefix}{self.lookup}__pk"] is None:
            return None
        return self.plan.represent_row(row, related, f"{prefix}{self.lookup}__", context)


@dataclass
class Many:
    """Several related records by slug or key (a many-to-many field): one query for the page."""

    name: str
    source: str
    value: str  # the related model's field shown: slug, iso3, pk…
    model: type

    def lookups(self):
        return []

    def fetch(self, keys):
        """From the link table alone (and the related table when the shown value is not its key), in
        the related model's order, as a prefetch would give them."""
        field = self.model._meta.get_field(self.source)
        through = field.remote_field.through
        own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
        ordering = [  # in the page's language where the order is a translated field (modeltranslation)
            rewrite_order_lookup_key(
                through, f"{'-' if key.startswith('-') else ''}{other}__{key.lstrip('-')}"
            )
            for key in field.related_model._meta.ordering
        ]
        shown = f"{other}_id" if self.value == "pk" else f"{other}__{self.value}"
        rows = (
            through._base_manager.filter(**{f"{own}_id__in": keys})
            .order_by(f"{own}_id", *ordering, f"{other}_id")
            .values_list(f"{own}_id", shown)
        )
        found = {key: [] for key in keys}
        for key, value in rows:
            found[key].append(value)
        return found

    def represent(self, row, related, prefix, context):
        return related[self.name][row[prefix + "pk"]]


@dataclass
class Children:
    """Several related records in a brief form, through a reverse foreign key: one query for the page."""

    name: str
    model: type  # the children's model
    key: str  # their foreign key's column, to the row
    plan: "Plan"

    def lookups(self):
        return []

    def fetch(self, keys):
        rows = plain_values(
            self.model._default_manager.filter(**{f"{self.key}__in": keys}).order_by(
                self.key, *self.model._meta.ordering, "pk"
            ),
            self.key,
            "pk",
            *self.plan.lookups(),
        )
        nested = self.plan.fetch([row["pk"] for row in rows])
        found = {key: [] for key in keys}
        for row in rows:
            found[row[self.key]].append((row, nested))
        return found

    def represent(self, row, related, prefix, context):
        return [
            self.plan.represent_row(child, nested, "", context)
            for child, nested in related[self.name][row[prefix + "pk"]]
        ]


@dataclass
class ApiUrl:
    """The record's own API address (HyperlinkedIdentityField), reversed once per page."""

    name: str
    field: relations.HyperlinkedIdentityField

    def lookups(self):
        return [self.field.lookup_field]

    def template(self, request):
        """(the absolute address with a placeholder for the lookup value, the placeholder)."""
        for placeholder in PLACEHOLDERS:
            try:
                path = reverse(self.field.view_name, kwargs={self.field.lookup_url_kwarg: placeholder})
            except NoReverseMatch:
                continue
            # as DRF's reverse() does: absolute, keeping ?format= (a CSV's links say format=csv)
            return preserve_builtin_query_params(request.build_absolute_uri(path), request), placeholder
        raise Unsupported(self.field.view_name)

    def represent(self, row, related, prefix, context):
        templates = context.setdefault("_lean_urls", {})
        if self.field.view_name not in templates:
            templates[self.field.view_name] = self.template(context["request"])
        template, placeholder = templates[self.field.view_name]
        return template.replace(placeholder, quote(str(row[prefix + self.field.lookup_field]), URL_SAFE))


@dataclass
class PublicUrl:
    """The record's public page (PublicUrlField), from a stand-in record holding the row's own columns;
    a path that needs anything else (a related record) is Unsupported, and DRF serialises the page."""

    name: str
    field: PublicUrlField
    model: type
    attnames: tuple[str, ...]

    def lookups(self):
        return list(self.attnames)

    def represent(self, row, related, prefix, context):
        record = stand_in(self.model, {name: row[prefix + name] for name in self.attnames})
        try:
            path = self.field.path(record)
        except AttributeError as error:
            raise Unsupported(f"{self.model.__name__}: {error}") from None
        return context["request"].build_absolute_uri(path) if path else path


def stand_in(model, values):
    """A record of `model` holding `values` only: no __init__, no signals, and no _state, so that
    reading anything else (a related record, a column not read) raises AttributeError, not a query."""
    record = model.__new__(model)
    record.__dict__.update(values)
    return record


class Plan:
    """How one read serializer's rows are read (lookups, fetch) and written (represent)."""

    def __init__(self, model, parts):
        self.model = model
        self.parts = parts
        # translated fields, read in the page's language by the database (sscportal/languages.py)
        self.aliases = translated_aliases(model, self.lookups())

    def lookups(self) -> list[str]:
        return list(dict.fromkeys(lookup for part in self.parts for lookup in part.lookups()))

    def select(self, queryset):
        """The filtered QuerySet as rows of plain values (its own order kept)."""
        walked = [name for name in keyset_fields(self.model) if name != "pk"]  # the walk's cursor
        return values_in_language(
            queryset.prefetch_related(None).select_related(None),
            ["pk", *walked, *self.lookups()],
            self.aliases,
        )

    def fetch(self, keys) -> dict:
        """What the rows `keys` have many of, read for all of them at once: {field name: {key: […]}}."""
        return {part.name: part.fetch(keys) for part in self.parts if isinstance(part, Many | Children)}

    def represent_row(self, row, related, prefix, context) -> dict:
        return {part.name: part.represent(row, related, prefix, context) for part in self.parts}

    def represent(self, rows, context) -> list[dict]:
        """The rows of select(), as the serializer writes them."""
        rows = renamed(rows, self.aliases)
        related = self.fetch([row["pk"] for row in rows])
        return [self.represent_row(row, related, "", context) for row in rows]


def own_attnames(model) -> tuple[str, ...]:
    """The columns a stand-in record of `model` holds: its own, bar long text."""
    return tuple(
        field.attname for field in model._meta.concrete_fields if not isinstance(field, models.TextField)
    )


def part_for(model, name, field, nested):
    source = field.source
    if isinstance(field, PublicUrlField):
        attnames = own_attnames(model)
        record = stand_in(model, dict.fromkeys(attnames))
        try:  # a path that reads a related record (adoption.practice.slug) cannot be built from the row
            field.path(record)
        except AttributeError as error:
            if error.obj is record:
                raise Unsupported(name) from None
        except Exception:
            pass
        return PublicUrl(name, field, model, attnames)
    if isinstance(field, relations.HyperlinkedIdentityField):
        return ApiUrl(name, field)
    if source == "*" or isinstance(field, serializers.SerializerMethodField):
        raise Unsupported(name)
    if isinstance(field, relations.ManyRelatedField):
        child = field.child_relation
        shown = getattr(child, "slug_field", "pk") if type(child) in RELATED_BY_VALUE else None
        target = model_field(model, source)
        if shown is None or nested or "." in source or not target.many_to_many or target.auto_created:
            raise Unsupported(name)
        return Many(name, source, shown, model)
    if isinstance(field, serializers.ListSerializer):
        target = model_field(model, source)
        if nested or not target.one_to_many or not isinstance(field.child, serializers.ModelSerializer):
            raise Unsupported(name)
        return Children(name, target.related_model, target.field.attname, plan_of(field.child, nested=True))
    target = model_field(model, source)
    if isinstance(field, serializers.ModelSerializer):
        if not target.many_to_one:
            raise Unsupported(name)
        return Nested(name, lookup_of(source), plan_of(field, nested=True))
    if isinstance(field, ViewableSlugRelatedField):
        if not target.many_to_one:
            raise Unsupported(name)
        return Viewable(name, lookup_of(source), field.slug_field)
    if type(field) in RELATED_BY_VALUE:
        if not (target.many_to_one or target.one_to_one):
            raise Unsupported(name)
        shown = getattr(field, "slug_field", "pk")
        return Column(name, f"{lookup_of(source)}__{shown}", field, raw=True)
    if target.is_relation:
        raise Unsupported(name)
    return Column(name, lookup_of(source), field, raw=shown_as_read(field, target))


RELATED_BY_VALUE = (relations.SlugRelatedField, relations.PrimaryKeyRelatedField)


def shown_as_read(field, target) -> bool:
    """Whether DRF's `field` shows the database's value of the model field `target` unchanged (text as
    text, a whole number, a choice's own value), so that the plan may skip to_representation()."""
    if type(field) in (
        serializers.CharField,
        serializers.SlugField,
        serializers.URLField,
        serializers.EmailField,
    ):
        return isinstance(target, models.CharField | models.TextField)
    if type(field) is serializers.ChoiceField:
        return isinstance(target, models.CharField) and all(
            isinstance(key, str) and value == key for key, value in field.choice_strings_to_values.items()
        )
    if type(field) is serializers.IntegerField:
        return isinstance(target, models.IntegerField)
    return False


def plan_of(serializer, nested=False) -> Plan:
    model = serializer.Meta.model
    return Plan(model, [part_for(model, name, field, nested) for name, field in serializer.fields.items()])


@functools.cache
def plan_for(serializer_class) -> Plan | None:
    """The Plan of a read serializer, or None when DRF must serialise it (computed once per class)."""
    if not issubclass(serializer_class, serializers.ModelSerializer):
        return None  # rows that are not records (the removals feed)
    try:
        return plan_of(serializer_class())
    except Unsupported:
        return None
