"""Permissions-Policy: the browser features the portal never uses are turned off for every page; and
input no record could match is refused before a view looks it up (UnusableInputMiddleware).

One header with a value fixed by settings.PERMISSIONS_POLICY (feature -> allowed origins; an empty list
means none), so a few lines here rather than another dependency. Content-Security-Policy is django-csp's
(settings: CONTENT_SECURITY_POLICY); the other security headers are Django's SecurityMiddleware's.
https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Permissions-Policy
"""

from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404
from django.utils.deprecation import MiddlewareMixin


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """{"camera": [], "fullscreen": ["self"]} -> 'camera=(), fullscreen=(self)'."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


NUL = "\x00"


class UnusableInputMiddleware(MiddlewareMixin):
    """Input no record could match, answered before a view looks it up unchecked (which gave a 500):
    * a NUL character, which PostgreSQL refuses in a query, in the part of the path naming a record
      (/countries/%00/, /api/v1/agencies/%00/): no record has such a key, so the 404 of an address
      that names nothing (the API's own, in its error shape, under /api/);
    * on an admin page, a NUL in a query parameter (a changelist's filters, ?status=%00): a 400;
    * an admin action on selected keys that cannot be keys of the list's model (a tampered form:
      _selected_action=abc; Django filters by them unchecked): a 400.
    The public pages and the API check each parameter they take instead (their filters name a bad
    value), and forms refuse NUL already (Django's ProhibitNullCharactersValidator)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        namespaces = request.resolver_match.namespaces
        if any(NUL in str(value) for value in (*view_args, *view_kwargs.values())):
            if "api" in namespaces:
                from sscportal.api.views import not_found  # the API's 404 (imports DRF: only when needed)

                return not_found(request)
            raise Http404("A NUL character in the address")
        if "admin" not in namespaces:
            return None
        parameters = (text for name, values in request.GET.lists() for text in (name, *values))
        if any(NUL in text for text in parameters):
            raise BadRequest("A NUL character in a parameter of an admin page")
        model_admin = getattr(view_func, "model_admin", None)  # set by ModelAdmin.get_urls
        if model_admin is not None and request.method == "POST":
            key = model_admin.model._meta.pk
            if not all(could_be_key(key, value) for value in request.POST.getlist(ACTION_CHECKBOX_NAME)):
                raise BadRequest("A selected record's key is not one of this list's")
        return None


def could_be_key(field, value: str) -> bool:
    """Whether `value`, text from a form, could be a value of the primary key `field`."""
    if NUL in value:
        return False
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return True
