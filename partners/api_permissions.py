"""DRF permission for the scope of partner systems' tokens (partners.authentication).

Which rows a token may read or write is not decided here but by THE permission rule
(partners/permissions.py) for the token's user; this only holds read-only tokens to reading.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from partners.models import PartnerToken


class ReadOnlyScope(BasePermission):
    """A request made with a read-only token may only read (GET, HEAD, OPTIONS): 403 otherwise.
    Requests without a partner token (anonymous, signed in) are left to the other permissions."""

    message = _("This token has the read-only scope: it may read but not create, change or delete.")
    code = "read_only_scope"

    def has_permission(self, request, view):
        token = request.auth
        if isinstance(token, PartnerToken) and token.read_only:
            return request.method in SAFE_METHODS
        return True
