"""Translated fields read in the page's language by the database, for pages and API lists that read
plain values (values(), values_list()) rather than records.

django-modeltranslation gives each translated field a column per language (title_en, title_es) and, on
a record, the value in the active language with its fallbacks. Its values() and values_list() do the
same for plain rows by reading every language's column and resolving each row in Python: about 12 µs a
row, most of the time of a long list of names. Here the same resolution is an SQL expression
(in_active_language): the language columns in modeltranslation's own resolution order, an empty value
counting as none, as its descriptor decides.
"""

import functools

from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from modeltranslation.fields import NONE, TranslationFieldDescriptor
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order


@functools.cache
def translated_field(model, lookup):
    """The modeltranslation descriptor `lookup` ("title", "agency__name") ends on, through forward
    relations from `model`, or None when it is not a translated field."""
    *path, name = lookup.split("__")
    for step in path:
        try:
            field = model._meta.get_field(step)
        except Exception:
            return None
        if not field.is_relation or field.related_model is None:
            return None
        model = field.related_model
    descriptor = getattr(model, name, None)
    return descriptor if isinstance(descriptor, TranslationFieldDescriptor) else None


def in_active_language(model, lookup):
    """The translated field `lookup` of `model` (through relations: "agency__name") in the active
    language, falling back as modeltranslation's descriptor does, as an SQL expression."""
    descriptor = translated_field(model, lookup)
    field, prefix = descriptor.field, lookup[: -len(descriptor.field.name)]
    undefined = descriptor.fallback_undefined
    undefined = field.get_default() if undefined is NONE else undefined
    columns = [
        F(prefix + build_localized_fieldname(field.name, language))
        for language in resolution_order(get_language(), descriptor.fallback_languages)
    ]
    if undefined is not None:
        columns = [NullIf(column, Value(undefined)) for column in columns]
    return Coalesce(*columns, Value(field.get_default()), output_field=field)


def plain_values_list(queryset, *lookups):
    """queryset.values_list(*lookups), the translated ones in the active language (in_active_language)."""
    model = queryset.model
    columns = [
        in_active_language(model, lookup) if translated_field(model, lookup) else lookup for lookup in lookups
    ]
    return _plain(queryset).values_list(*columns)


def translated_aliases(model, lookups) -> dict:
    """{alias: lookup} for the translated ones of `lookups` (the names values() reads them under)."""
    return {
        f"in_language_{index}": lookup
        for index, lookup in enumerate(lookups)
        if translated_field(model, lookup)
    }


def values_in_language(queryset, lookups, aliases):
    """queryset.values(*lookups) with the translated ones (`aliases`: translated_aliases()) read in the
    active language under their aliases: rows to pass through renamed() before use."""
    expressions = {alias: in_active_language(queryset.model, lookup) for alias, lookup in aliases.items()}
    plain = [lookup for lookup in dict.fromkeys(lookups) if lookup not in aliases.values()]
    return _plain(queryset).values(*plain, **expressions)


def renamed(rows, aliases):
    """Rows of values_in_language(), each translated value under its own lookup, as values() gives it."""
    for row in rows:
        for alias, lookup in aliases.items():
            if alias in row:
                row[lookup] = row.pop(alias)
    return rows


def plain_values(queryset, *lookups) -> list[dict]:
    """queryset.values(*lookups) as a list, the translated lookups in the active language."""
    aliases = translated_aliases(queryset.model, lookups)
    return renamed(list(values_in_language(queryset, lookups, aliases)), aliases)


def _plain(queryset):
    """The QuerySet without modeltranslation's rewriting of lookups and rows (its resolution in Python,
    and its per-row work even where no lookup is a translated one): the translated lookups are given
    as expressions (in_active_language)."""
    return queryset.rewrite(False) if hasattr(queryset, "rewrite") else queryset
