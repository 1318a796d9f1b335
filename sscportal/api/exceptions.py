"""One shape for every error the API answers (400, 401, 403, 404, 405, 406, 412, 415, 429):

    {"errors": [{"field": "updated_since", "code": "invalid", "message": "Enter a valid date and time …"}]}

`field` names the query parameter or body field at fault (dotted for nested fields: "partners.0.role"),
or is null for an error of the whole request (not found, not authenticated, throttled). `code` is a
stable machine-readable code (DRF's and Django's validation codes: invalid, required, invalid_choice,
not_found, not_authenticated, permission_denied, method_not_allowed, throttled…); `message` is for
people, in the request's language. Headers DRF sets (WWW-Authenticate, Retry-After, Allow) are kept.
https://www.django-rest-framework.org/api-guide/exceptions/#custom-exception-handling
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def error_list(details, field=None) -> list[dict]:
    """Flatten DRF's get_full_details() (nested dicts and lists of {message, code}) into the list."""
    if isinstance(details, dict) and set(details) == {"message", "code"}:
        return [{"field": field, "code": str(details["code"]), "message": str(details["message"])}]
    if isinstance(details, dict):
        errors = []
        for key, value in details.items():
            name = None if key in ("non_field_errors", "__all__") else key
            errors += error_list(value, name if field is None else f"{field}.{key}" if name else field)
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
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        response.data = {"errors": error_list(exc.get_full_details())}
    return response
