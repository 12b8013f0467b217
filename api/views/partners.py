"""A partner's referral links and commissions, and their webhook endpoints: partner clients only, their own."""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, status
from rest_framework.response import Response

from accounts.models import Role
from api import serializers
from api.filters import DateTimeFilter
from api.models import WebhookEndpoint
from api.services import webhooks
from api.views.base import ApiView, ListView, OwnerMixin
from commerce import partner_reports
from commerce.models import Commission, ReferralLink


class PartnerOnly(OwnerMixin):
    required_role = Role.PARTNER


@extend_schema_view(get=extend_schema(summary="Your referral links with visits, sign-ups and purchases"))
class ReferralList(PartnerOnly, ListView):
    required_scopes = "partner:read"
    serializer_class = serializers.ReferralLinkSerializer

    owned_model = ReferralLink

    def owned(self, user):
        return partner_reports.links_of(user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        context = {"funnel": partner_reports.funnel(links=page)}
        return self.get_paginated_response(serializers.ReferralLinkSerializer(page, many=True, context=context).data)


class CommissionFilter(filters.FilterSet):
    currency = filters.CharFilter(field_name="currency")
    occurred_after = DateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurred_before = DateTimeFilter(field_name="occurred_at", lookup_expr="lt")

    class Meta:
        model = Commission
        fields = ["currency", "occurred_after", "occurred_before"]


@extend_schema_view(get=extend_schema(summary="Your commissions (refunds appear as negative adjustments)"))
class CommissionList(PartnerOnly, ListView):
    required_scopes = "partner:read"
    serializer_class = serializers.CommissionSerializer
    filterset_class = CommissionFilter
    ordering_fields = ["occurred_at", "amount"]
    ordering = ["-occurred_at", "-pk"]

    owned_model = Commission

    def owned(self, user):
        return Commission.objects.filter(partner=user).select_related("order")


ENDPOINT_EXAMPLE = OpenApiExample(
    "Subscribe to payments",
    value={"url": "https://crm.example.com/fluentory", "events": ["payment.succeeded", "refund.issued"]},
    request_only=True,
)


@extend_schema_view(
    get=extend_schema(summary="Your webhook endpoints"),
    post=extend_schema(
        summary="Register a webhook endpoint (its signing secret is in this answer only)",
        request=serializers.WebhookEndpointSerializer,
        responses={201: serializers.WebhookEndpointCreatedSerializer, 400: serializers.REFUSAL},
        examples=[ENDPOINT_EXAMPLE],
    ),
)
class EndpointList(PartnerOnly, ListView):
    required_scopes = {"read": "webhooks:manage", "write": "webhooks:manage"}
    serializer_class = serializers.WebhookEndpointSerializer
    ordering = ["-created_at"]

    owned_model = WebhookEndpoint

    def owned(self, user):
        return WebhookEndpoint.objects.filter(partner=user)

    def post(self, request):
        incoming = serializers.WebhookEndpointSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            endpoint, secret = webhooks.create_endpoint(partner=request.user, **incoming.validated_data)
        except webhooks.WebhookRefused as exc:
            raise exceptions.ValidationError({"detail": [str(exc)]}) from None
        endpoint.secret = secret
        return Response(serializers.WebhookEndpointCreatedSerializer(endpoint).data, status=status.HTTP_201_CREATED)


@extend_schema_view(delete=extend_schema(summary="Remove one of your webhook endpoints"))
class EndpointDetail(PartnerOnly, ApiView, generics.DestroyAPIView):
    required_scopes = "webhooks:manage"
    serializer_class = serializers.WebhookEndpointSerializer

    owned_model = WebhookEndpoint

    def owned(self, user):
        return WebhookEndpoint.objects.filter(partner=user)

    def perform_destroy(self, instance):
        webhooks.remove_endpoint(endpoint=instance)

    def get_object(self):
        endpoint = self.get_queryset().filter(pk=self.kwargs.get("pk")).first()
        if endpoint is None:
            raise exceptions.NotFound(_("No such endpoint."))
        return endpoint
