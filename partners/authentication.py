"""How the API knows a partner system: "Authorization: Token <token>" with a token an administrator
issued in the admin (partners.PartnerToken, a django-rest-knox token stored only as a hash).

The token's user is the partner system's own account, a member of one agency with a role, so what the
system may read and write is THE permission rule's answer for that user (partners/permissions.py).
Read-only tokens are held to reading by partners.api_permissions.ReadOnlyScope.
"""

import binascii
from hmac import compare_digest

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.settings import CONSTANTS
from rest_framework import exceptions

from partners.models import PartnerToken

# How often a token's "last used" time is written at most (one UPDATE per token per interval).
LAST_USED_INTERVAL_SECONDS = 60


class PartnerTokenAuthentication(TokenAuthentication):
    """knox's token authentication for partner systems. Unlike knox's own, an expired token is kept
    (and listed in the admin) rather than deleted, and every refusal says why, with 401 and a code:
    invalid_token, token_revoked, token_expired, partner_system_inactive."""

    def authenticate_credentials(self, token):
        try:
            token = token.decode("utf-8")
            digest = hash_token(token)
        except (UnicodeDecodeError, TypeError, binascii.Error) as invalid:
            raise exceptions.AuthenticationFailed(_("Invalid token."), code="invalid_token") from invalid
        if "\x00" in token:  # no token has one, and PostgreSQL refuses it in the lookup below
            raise exceptions.AuthenticationFailed(_("Invalid token."), code="invalid_token")
        candidates = PartnerToken.objects.filter(token_key=token[: CONSTANTS.TOKEN_KEY_LENGTH])
        for auth_token in candidates.select_related("user", "partner_system"):
            if compare_digest(digest, auth_token.digest):
                self.check_usable(auth_token)
                self.record_use(auth_token)
                return auth_token.user, auth_token
        raise exceptions.AuthenticationFailed(_("Invalid token."), code="invalid_token")

    def check_usable(self, auth_token):
        if auth_token.is_revoked:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."), code="token_revoked")
        if auth_token.is_expired:
            message = _("This token has expired: ask the portal's administrators for a new one.")
            raise exceptions.AuthenticationFailed(message, code="token_expired")
        if not auth_token.partner_system.is_active or not auth_token.user.is_active:
            message = _("This token's partner system has been deactivated.")
            raise exceptions.AuthenticationFailed(message, code="partner_system_inactive")

    def record_use(self, auth_token):
        now = timezone.now()
        last = auth_token.last_used_at
        if last is None or (now - last).total_seconds() >= LAST_USED_INTERVAL_SECONDS:
            PartnerToken.objects.filter(pk=auth_token.pk).update(last_used_at=now)
            auth_token.last_used_at = now


class PartnerTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema (drf-spectacular) describes PartnerTokenAuthentication."""

    target_class = PartnerTokenAuthentication
    name = "partnerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _(
                'A partner system\'s token, sent as "Authorization: Token <token>". Portal administrators '
                "issue tokens in the admin (each bound to one agency, with an expiry, optionally read-only)."
            ),
        }
