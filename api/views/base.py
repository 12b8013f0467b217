"""What every read endpoint shares: an ETag over the body, answered with 304 when the client already has it."""

import hashlib

from django.utils.cache import get_conditional_response
from rest_framework import generics


class ConditionalMixin:
    """Conditional GET: the ETag is a digest of the JSON body, so it changes whenever anything shown changes."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["ETag"] = etag
        response["Cache-Control"] = "private, no-cache"
        response["Vary"] = "Authorization, Accept-Language"
        return get_conditional_response(request._request, etag=etag, response=response)


class ListView(ConditionalMixin, generics.ListAPIView):
    pass


class RetrieveView(ConditionalMixin, generics.RetrieveAPIView):
    pass


class OwnerMixin:
    """Views over the caller's own rows: `owned(user)` is asked only for a signed-in owner (the schema generator's
    request has none, and the permission check has already refused such requests)."""

    def get_queryset(self):
        user = self.request.user
        if not user.is_authenticated:
            return self.owned_model.objects.none()
        return self.owned(user)
