"""Throttling of API clients: anonymous clients per address, partner systems (and signed-in staff) per
account, so per partner system. Over the rate, DRF answers 429 with Retry-After (in the API's error
shape, sscportal/api/exceptions.py). Counts live in the default cache: Redis when REDIS_URL is set, so
that several app servers share them. Rates come from settings.API_THROTTLE_RATES (environment
variables API_ANON_RATE and API_PARTNER_RATE), read on each request rather than once at import as
DRF's own classes do, so that they can be changed without a restart of the test process."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    scope = "anon"

    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]


class PartnerThrottle(UserRateThrottle):
    """Per authenticated account: each partner system acts through an account of its own."""

    scope = "partner"

    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]

    def allow_request(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return True  # anonymous clients are AnonymousThrottle's
        return super().allow_request(request, view)
