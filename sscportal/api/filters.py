"""Filter backends of the API: the models' own FilterSets (DjangoFilterBackend, the same classes as the
public pages) plus `updated_since`, implemented once here for every resource."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

NOT_A_TIMESTAMP = _("Enter a date and time in ISO 8601 form, such as 2026-01-31T12:00:00Z.")


def parse_timestamp(value):
    """An aware datetime from ISO 8601 text (a date alone means its midnight; no zone means UTC), or
    None when the text is not one."""
    value = value.strip().replace(" ", "+")  # an unencoded "+01:00" arrives as " 01:00"
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime.datetime.combine(day, datetime.time()) if day else None
    except (ValueError, OverflowError):
        return None
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)  # a moment beyond year 1 or 9999 in UTC is not one
    except OverflowError:
        return None


class PortalFilterBackend(DjangoFilterBackend):
    """The model's FilterSet (view.filterset_class, the one the public page uses), with 400s for bad
    values. `format` is also DRF's choice of output (json, csv): those values are left to DRF, any
    other goes to the FilterSet, so on study tours and events `?format=virtual&format=csv` is the CSV of
    the virtual ones."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        outputs = {renderer.format for renderer in view.renderer_classes}
        if any(value in outputs for value in kwargs["data"].getlist("format")):
            data = kwargs["data"].copy()
            data.setlist("format", [value for value in data.getlist("format") if value not in outputs])
            kwargs["data"] = data
        return kwargs


class UpdatedSinceFilter(BaseFilterBackend):
    """`?updated_since=2026-01-31T12:00:00Z`: rows changed at or after that moment (the bound is
    inclusive, so a client that starts from the last updated_at it saw misses nothing). Reference data
    (countries, groups, agencies, themes, SDGs) has no update time: the parameter is checked but every
    row is returned, a superset that keeps a sync client right."""

    parameter = "updated_since"

    def filter_queryset(self, request, queryset, view):
        moment = self.moment(request)
        return queryset if moment is None else self.since(queryset, moment)

    def moment(self, request):
        """The parameter's moment, None when not given; a 400 naming it when it is not a moment."""
        value = request.query_params.get(self.parameter, "")
        if value == "":
            return None
        moment = parse_timestamp(value)
        if moment is None:
            raise ValidationError({self.parameter: [NOT_A_TIMESTAMP]}, code="invalid")
        return moment

    def since(self, queryset, moment):
        if any(field.name == "updated_at" for field in queryset.model._meta.concrete_fields):
            return queryset.filter(updated_at__gte=moment)
        return queryset

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.parameter,
                "required": False,
                "in": "query",
                "description": _(
                    "Only rows changed at or after this moment (ISO 8601; no zone means UTC). Reference "
                    "data has no update time and is returned whole."
                ),
                "schema": {"type": "string", "format": "date-time"},
            }
        ]
