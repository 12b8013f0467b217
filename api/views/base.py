"""What every endpoint shares: the API's policy (tokens, scopes, rate limits, JSON) and, on reads, an ETag over the
body answered with 304 when the client already has it."""

import hashlib

from django.utils.cache import get_conditional_response
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters, generics, parsers, renderers, views

from api.authentication import BearerTokenAuthentication
from api.exceptions import handler
from api.pagination import Pagination
from api.parsers import JSONParser
from api.permissions import ScopePermission
from api.throttling import TokenRateThrottle


class ApiView(views.APIView):
    """The API's policy lives on its views, not in DRF's global settings: other apps' DRF views in the same project
    (Wagtail's admin API behind the page explorer, wagtail-localize's translation editor) keep their own."""

    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [ScopePermission]
    throttle_classes = [TokenRateThrottle]
    parser_classes = [JSONParser, parsers.FormParser]
    renderer_classes = [renderers.JSONRenderer]

    def get_exception_handler(self):
        return handler


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


class ListView(ConditionalMixin, ApiView, generics.ListAPIView):
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]
    pagination_class = Pagination


class RetrieveView(ConditionalMixin, ApiView, generics.RetrieveAPIView):
    pass


class OwnerMixin:
    """Views over the caller's own rows: `owned(user)` is asked only for a signed-in owner (the schema generator's
    request has none, and the permission check has already refused such requests)."""

    def get_queryset(self):
        user = self.request.user
        if not user.is_authenticated:
            return self.owned_model.objects.none()
        return self.owned(user)
