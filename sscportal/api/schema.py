"""The OpenAPI schema (drf-spectacular) with what it leaves out by default: the error answers, in the
one shape of sscportal.api.exceptions, the 304 of conditional requests, `format=csv` on lists, and the
type of the FilterSets' choice filters that look rows up by a code or slug in a method. Writes
(sscportal.api.views.OwnedRecordViewSet) are documented with the body their write serializer reads,
the answer their read serializer gives (the record's detail), If-Match and their errors (409, 412).
https://drf-spectacular.readthedocs.io/en/latest/customization.html

The schema is public text for the people who program partner systems, in English and Spanish (?lang=es
or Accept-Language: sscportal.api.views.PortalSchemaView). So every description in it is a translatable
string given to drf-spectacular's own annotations (extend_schema, extend_schema_serializer, help_text);
docstrings are for the project's developers and never reach the schema (PortalAutoSchema), where
drf-spectacular would otherwise show them, a base class's included, untranslated.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.drainage import has_override, set_override
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text=_("The query parameter or field at fault (dotted when nested), or null.")
    )
    code = serializers.CharField(help_text=_("A stable code, such as invalid, required or not_found."))
    message = serializers.CharField(help_text=_("For people, in the request's language."))


class ErrorResponseSerializer(serializers.Serializer):
    errors = ErrorSerializer(many=True)


ERRORS = {
    "400": _("A query parameter or field is not valid; each error names it."),
    "401": _("Not signed in (or the token is not valid)."),
    "403": _("The client may not do this."),
    "404": _("No such record among those the client may view."),
    "405": _("This method is not allowed here."),
    "406": _("The requested format is not available."),
    "409": _("Other records still refer to this one (a deletion), or a simultaneous write won."),
    "412": _("If-Match names an ETag that is no longer the record's: read it again."),
    "415": _("The body is not JSON (send Content-Type: application/json)."),
    "429": _("Too many requests; try again after Retry-After seconds."),
}
READ_ERRORS = ("400", "401", "403", "404", "406", "429")  # 401/403: a bad or refused token
CSV_SCHEMA = {"type": "string", "description": _("CSV: a header line, then one line per record.")}
NOT_MODIFIED = _("Not modified: the If-None-Match ETag is still current.")
NO_BODY = _("No response body")
WRITES_NEED = _(
    "Writes need a token that is not read-only (or a signed-in agency user) of the owning agency; a new "
    "record is a draft."
)


WORKFLOW_ACTIONS = ("submit", "publish", "unpublish")
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description=_(
        "The ETag of the record as the client last read it: the write is refused with 412 if the record "
        "has changed since. Without it, the write goes ahead."
    ),
)


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, with the portal's error answers, CSV, If-Match and writes, and
    descriptions only from annotations (see the module's docstring)."""

    def _write_serializer(self):
        return getattr(self.view, "write_serializer_class", None)

    def _action(self):
        return getattr(self.view, "action", None)

    def get_request_serializer(self):
        if self._write_serializer() and self.method in ("POST", "PUT", "PATCH"):
            return None if self._action() in WORKFLOW_ACTIONS else self._write_serializer()
        return super().get_request_serializer()

    def get_response_serializers(self):
        if self._write_serializer() and self.method in ("POST", "PUT", "PATCH"):
            record = self.view.serializer_class
            if self._action() == "upsert":
                return {
                    "200": OpenApiResponse(record, description=_("Updated: the record as it is now.")),
                    "201": OpenApiResponse(record, description=_("Created: the new record (a draft).")),
                }
            if self._action() in WORKFLOW_ACTIONS:
                return {"200": OpenApiResponse(record, description=_("The record in its new state."))}
            return record
        return super().get_response_serializers()

    def get_description(self):
        """None unless annotated (extend_schema(description=…) overrides this): not the docstring."""
        return None

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        writes = self.method in ("POST", "PUT", "PATCH", "DELETE")
        if operation is not None and writes and self._write_serializer():
            operation["description"] = f"{operation.get('description', '')}\n\n{WRITES_NEED}".strip()
        return operation

    def _map_basic_serializer(self, serializer, direction):
        """A serializer's component, described only by extend_schema_serializer(description=…)."""
        component = super()._map_basic_serializer(serializer, direction)
        if not has_override(serializer, "description"):
            component.pop("description", None)
        return component

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = READ_ERRORS if self.method in ("GET", "HEAD") else tuple(ERRORS)
        for code in codes:
            if code not in responses:
                response = self._get_response_for_code(ErrorResponseSerializer, code, direction=direction)
                responses[code] = {**response, "description": ERRORS[code]}
        if self.method == "GET" and self._is_list_view():
            # `format=csv` answers CSV: the rows (streamed), or the error list as CSV rows. The JSON
            # renderer is the only one described in full (RENDERER_WHITELIST), so add the CSV here.
            for response in responses.values():
                if "content" in response:
                    response["content"] = {**response["content"], "text/csv": {"schema": CSV_SCHEMA}}
        if self.method == "GET" and "200" in responses:
            responses["304"] = {"description": NOT_MODIFIED}
        if "204" in responses:
            responses["204"] = {**responses["204"], "description": NO_BODY}
        return responses

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._write_serializer() and (
            self.method in ("PUT", "PATCH", "DELETE") or self._action() in WORKFLOW_ACTIONS
        ):
            parameters.append(IF_MATCH)
        filterset = getattr(self.view, "filterset_class", None)
        if (
            self.method == "GET"
            and self._is_list_view()
            and not (filterset and "format" in filterset.base_filters)
        ):
            parameters.append(
                OpenApiParameter(
                    "format",
                    str,
                    enum=["json", "csv"],
                    description=_("csv: every row matching the filters as CSV, streamed (no pages)."),
                )
            )
        return parameters


class PortalFilterExtension(DjangoFilterExtension):
    """The shared FilterSets' ModelChoiceFilters with a `method` (region by M49 code, theme by slug, SDG
    by number…) are given as the code they take: a string, or an integer for a numeric key. Without
    this, drf-spectacular cannot tell their type and warns."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if (
            isinstance(filter_field, django_filters.ModelChoiceFilter)
            and filter_field.method
            and not has_override(filter_field, "field")
        ):
            by_code = filter_field.extra.get("to_field_name")
            set_override(filter_field, "field", OpenApiTypes.STR if by_code else OpenApiTypes.INT)
        return super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
