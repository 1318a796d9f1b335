"""One shape for every error the API answers (400, 401, 403, 404, 405, 406, 409, 412, 415, 429):

    {"errors": [{"field": "updated_since", "code": "invalid", "message": "Enter a valid date and time …"}]}

`field` names the query parameter or body field at fault (dotted for nested fields: "partners.0.role"),
or is null for an error of the whole request (not found, not authenticated, throttled). `code` is a
stable machine-readable code (DRF's and Django's validation codes: invalid, required, invalid_choice,
not_found, not_authenticated, permission_denied, method_not_allowed, throttled…); `message` is for
people, in the request's language. Headers DRF sets (WWW-Authenticate, Retry-After, Allow) are kept.

The models' and services' own refusals are answered here too, so that no rule needs a second copy in
the API: Django's ValidationError (Model.full_clean(), a service's check) is a 400 naming its fields,
a deletion refused because other records still point at the record (on_delete=PROTECT) is a 409, and
so is a unique constraint broken by a simultaneous write (IntegrityError).
https://www.django-rest-framework.org/api-guide/exceptions/#custom-exception-handling
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


class PreconditionFailed(exceptions.APIException):
    """412: the If-Match of a write names a version of the record that is no longer the current one."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "This record has changed since you read it (its ETag is not the one in If-Match): "
        "read it again, then repeat the change."
    )
    default_code = "precondition_failed"


class Conflict(exceptions.APIException):
    """409: the request is refused because of the state of other records (e.g. still referred to)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Other records still refer to this record: change or delete them first.")
    default_code = "protected"


SIMULTANEOUS_WRITE = _(
    "Another request wrote a record with the same identifiers at the same time: repeat it."
)


def error_list(details, field=None) -> list[dict]:
    """Flatten DRF's get_full_details() (nested dicts and lists of {message, code}) into the list."""
    if isinstance(details, dict) and set(details) == {"message", "code"}:
        return [{"field": field, "code": str(details["code"]), "message": str(details["message"])}]
    if isinstance(details, dict):
        errors = []
        for key, value in details.items():
            name = None if key in ("non_field_errors", "__all__") else key
            # A list's errors come as {position: errors} (DRF's LIST_SERIALIZER_ERRORS_AS_DICT).
            errors += error_list(
                value, (str(name) if field is None else f"{field}.{key}") if name is not None else field
            )
        return errors
    if isinstance(details, list):
        errors = []
        for index, value in enumerate(details):
            nested = isinstance(value, dict) and set(value) != {"message", "code"}
            errors += error_list(value, f"{field}.{index}" if nested and field else field)
        return errors
    return [{"field": field, "code": "error", "message": str(details)}]


def exception_handler(exc, context):
    """DRF's handler (status, headers, 404 and 403 from Django's exceptions), with the body reshaped."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args[:1])
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict()
    elif isinstance(exc, IntegrityError):
        # Rules are checked before saving (full_clean); only a simultaneous write can still break a
        # unique constraint (two first upserts of one external id): the one that lost is told so.
        exc = Conflict(SIMULTANEOUS_WRITE, code="conflict")
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        response.data = {"errors": error_list(exc.get_full_details())}
    return response
