"""Pagination of every API list: numbered pages for people and dashboards, a keyset walk for sync.

Numbered pages (the default): `?page=2&page_size=50`, 25 rows a page unless asked, at most 100; a
page_size or page that is not a positive whole number is a 400 naming it (DRF would silently use the
default), a page past the end a 404. The envelope: {"count", "next", "previous", "results"}.

The keyset walk, for partner systems that copy everything (`?walk=sync`, then follow `next`): rows in
the order (updated_at, id) — (id) for reference data, which has no update time — each page starting
after the last row of the one before, named by an opaque `cursor` in the `next` link. Why keyset and
not DRF's CursorPagination: DRF's cursor keeps only the first ordering field and an offset among equal
values, so rows saved in the same instant are counted, not keyed; here the cursor holds both values and
each page is one indexed range query, `(updated_at, id) > (t, n)`, as fast on the last page as on the
first (no COUNT, no OFFSET; count is null). Why (updated_at, id): a record changed during the walk gets
a later updated_at, so it moves behind the cursor and is met again before the walk ends — a change is
never skipped (a row may be met twice; clients upsert by id). A record that was already behind the
cursor and did not change is not repeated. Rows deleted (or unpublished) during the walk are simply not
met; the removals feed (sscportal/api/removals.py) tells clients about them. The walk ignores `sort`,
keeps every other filter, and ends when `next` is null: save the moment the sync started and pass it
next time as `updated_since` (inclusive), to the lists and to the removals feed.
"""

import base64
import binascii
import datetime
import json

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from sscportal.api.filters import parse_timestamp

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
WALK_SYNC = "sync"

NOT_A_POSITIVE_NUMBER = _("Enter a whole number of at least 1.")
PAGE_PAST_THE_END = _("This page is past the last page.")
UNKNOWN_WALK = _("The only walk is “sync”.")
BAD_CURSOR = _("This cursor is not one the API gave out; start the walk again with walk=sync.")


def positive_number(request, name, default=None, maximum=None):
    value = request.query_params.get(name, "")
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ValidationError({name: [NOT_A_POSITIVE_NUMBER]}, code="invalid")
    return min(number, maximum) if maximum else number


def is_key(value):
    """A primary key value the database can compare (a 64-bit integer)."""
    return isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63


def with_tiebreak(queryset):
    """The queryset in its own order, then by primary key, so that pages never repeat or skip a row."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    if any(isinstance(key, str) and key.lstrip("-") in ("pk", "id") for key in ordering):
        return queryset
    return queryset.order_by(*ordering, "pk")


def keyset_fields(model):
    """The walk's order: (updated_at, id) for agencies' records, (pk) for reference data."""
    names = {field.name for field in model._meta.concrete_fields}
    return ("updated_at", "pk") if "updated_at" in names else ("pk",)


class PortalPagination(pagination.BasePagination):
    page_query_param = "page"
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"
    walk_query_param = "walk"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = positive_number(
            request, self.page_size_query_param, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
        )
        cursor = request.query_params.get(self.cursor_query_param, "")
        walk = request.query_params.get(self.walk_query_param, "")
        if walk and walk != WALK_SYNC:
            raise ValidationError({self.walk_query_param: [UNKNOWN_WALK]}, code="invalid_choice")
        if walk or cursor:
            return self._walk(queryset, cursor)
        return self._page(queryset)

    # Numbered pages ------------------------------------------------------------------------------
    def _page(self, queryset):
        self.walking = False
        number = positive_number(self.request, self.page_query_param, 1)
        queryset = with_tiebreak(queryset)
        self.count = queryset.count()
        offset = (number - 1) * self.page_size
        if offset and offset >= self.count:
            raise NotFound(PAGE_PAST_THE_END)
        self.number = number
        return list(queryset[offset : offset + self.page_size])

    def _page_link(self, number):
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    # The keyset walk -----------------------------------------------------------------------------
    def _walk(self, queryset, cursor):
        self.walking = True
        self.fields = keyset_fields(queryset.model)
        queryset = queryset.order_by(*self.fields)
        if cursor:
            queryset = queryset.filter(self._after(self._decode(cursor)))
        return self._take(queryset)

    def _take(self, ordered):
        """The next page of `ordered` (already past the cursor): one row more is read to know whether
        there is a next page."""
        rows = list(ordered[: self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        rows = rows[: self.page_size]
        self.last = rows[-1] if rows else None
        return rows

    def _decode(self, cursor):
        try:
            values = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
            if not isinstance(values, list) or len(values) != len(self.fields):
                raise ValueError
            if len(values) == 2:
                moment = parse_timestamp(values[0]) if isinstance(values[0], str) else None
                if moment is None or not is_key(values[1]):
                    raise ValueError
                return [moment, values[1]]
            if not is_key(values[0]):
                raise ValueError
            return values
        except (ValueError, TypeError, UnicodeError, binascii.Error):
            raise ValidationError({self.cursor_query_param: [BAD_CURSOR]}, code="invalid") from None

    def _after(self, values):
        if len(values) == 1:
            return Q(pk__gt=values[0])
        moment, pk = values
        # (updated_at, id) > (moment, pk), written so that the first condition is a plain range on the
        # updated_at index and the database reads only from the cursor on.
        return Q(updated_at__gte=moment) & (Q(updated_at__gt=moment) | Q(pk__gt=pk))

    def _encode(self, row):
        names = ["updated_at" if field == "updated_at" else "pk" for field in self.fields]
        # A model instance, or a row of values (sscportal/api/lean.py)
        values = [row[name] if isinstance(row, dict) else getattr(row, name) for name in names]
        values = [value.isoformat() if isinstance(value, datetime.datetime) else value for value in values]
        return base64.urlsafe_b64encode(json.dumps(values).encode()).decode("ascii")

    # The response --------------------------------------------------------------------------------
    def get_next_link(self):
        if self.walking:
            if not self.has_next:
                return None
            url = remove_query_param(self.request.build_absolute_uri(), self.walk_query_param)
            return replace_query_param(url, self.cursor_query_param, self._encode(self.last))
        if self.number * self.page_size >= self.count:
            return None
        return self._page_link(self.number + 1)

    def get_previous_link(self):
        if self.walking or self.number == 1:
            return None
        return self._page_link(self.number - 1)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": None if self.walking else self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "nullable": True,
                    "description": _("Rows matching the filters; null during a keyset walk."),
                    "example": 123,
                },
                "next": {**link, "description": _("The next page, or null at the end.")},
                "previous": {**link, "description": _("The previous page (numbered pages only).")},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        def parameter(name, description, schema):
            return {
                "name": name,
                "required": False,
                "in": "query",
                "description": description,
                "schema": schema,
            }

        return [
            parameter(
                self.page_query_param, _("Page number (numbered pages)."), {"type": "integer", "minimum": 1}
            ),
            parameter(
                self.page_size_query_param,
                _("Rows per page: %(default)s unless given, at most %(most)s.")
                % {"default": DEFAULT_PAGE_SIZE, "most": MAX_PAGE_SIZE},
                {"type": "integer", "minimum": 1},
            ),
            parameter(
                self.walk_query_param,
                _(
                    "sync: start a keyset walk in the order (updated_at, id), for copying every row; "
                    "follow `next` to the end. A row changed during the walk is met again, never skipped."
                ),
                {"type": "string", "enum": [WALK_SYNC]},
            ),
            parameter(
                self.cursor_query_param,
                _("Opaque position in a keyset walk, from the `next` link of the previous page."),
                {"type": "string"},
            ),
        ]
