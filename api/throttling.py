"""Rate limits per token (per client for client credentials), per address without one: 429 with Retry-After."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from api.permissions import credential_of


class TokenRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        return None  # read per request in allow_request, so a changed setting applies without a restart

    def allow_request(self, request, view):
        credential = credential_of(request)
        self.scope = "token" if credential is not None else "anonymous"
        self.rate = settings.API_RATE_LIMITS[self.scope]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        credential = credential_of(request)
        ident = credential.key if credential is not None else self.get_ident(request)
        return f"api-throttle:{self.scope}:{ident}"
