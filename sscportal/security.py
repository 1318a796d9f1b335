"""Permissions-Policy: the browser features the portal never uses are turned off for every page.

One header with a value fixed by settings.PERMISSIONS_POLICY (feature -> allowed origins; an empty list
means none), so a few lines here rather than another dependency. Content-Security-Policy is django-csp's
(settings: CONTENT_SECURITY_POLICY); the other security headers are Django's SecurityMiddleware's.
https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Permissions-Policy
"""

from django.conf import settings


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
