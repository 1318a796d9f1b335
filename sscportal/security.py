"""Permissions-Policy: the browser features the portal never uses are turned off for every page; and
addresses carrying a NUL character are refused (NulCharacterMiddleware).

One header with a value fixed by settings.PERMISSIONS_POLICY (feature -> allowed origins; an empty list
means none), so a few lines here rather than another dependency. Content-Security-Policy is django-csp's
(settings: CONTENT_SECURITY_POLICY); the other security headers are Django's SecurityMiddleware's.
https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Permissions-Policy
"""

from django.conf import settings
from django.core.exceptions import BadRequest
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


class NulCharacterMiddleware(MiddlewareMixin):
    """Addresses carrying a NUL character, which PostgreSQL refuses in a query: where a view looked
    such a value up unchecked, the answer was a 500.
    * A NUL in the part of the path naming a record (/countries/%00/, /api/v1/agencies/%00/): no
      record has such a key, so the answer is the 404 of an address that names nothing.
    * A NUL in a query parameter of an admin page (a changelist's filters, ?status=%00): a 400. The
      public pages and the API check each parameter they take instead (their filters name a bad
      value), and forms refuse NUL already (Django's ProhibitNullCharactersValidator)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if any(NUL in str(value) for value in (*view_args, *view_kwargs.values())):
            raise Http404("A NUL character in the address")
        if "admin" in request.resolver_match.namespaces:
            parameters = (text for name, values in request.GET.lists() for text in (name, *values))
            if any(NUL in text for text in parameters):
                raise BadRequest("A NUL character in a parameter of an admin page")
        return None
