"""A student's (and a teacher's) own data: enrollments, progress, bookings and free times, orders, invoices,
certificates. Each reads through the apps' selectors and services, filtered to the token's owner."""

import re
import zoneinfo
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.response import Response

from accounts.models import Role
from accounts.timezones import is_valid_time_zone
from api import serializers
from api.filters import DateTimeFilter
from api.views.base import ApiView, ConditionalMixin, ListView, OwnerMixin, RetrieveView
from commerce import selectors as commerce_selectors
from commerce.models import Invoice
from learning import certificate_sharing
from learning import selectors as learning_selectors
from learning.models import Certificate, Enrollment
from scheduling.models import Booking
from scheduling.services import bookings as booking_services
from scheduling.services.availability import free_slots
from scheduling.services.errors import SchedulingError

CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")  # a certificate's code: URL-safe, never a cache key of anything else
TZ_PARAMETER = OpenApiParameter("tz", str, description="IANA time zone for the times shown; default: the profile's.")


def caller_zone(request) -> str:
    wanted = request.query_params.get("tz", "")
    if wanted:
        if not is_valid_time_zone(wanted):
            raise exceptions.ValidationError({"tz": [_("Unknown time zone.")]})
        return wanted
    return getattr(request.user, "time_zone", "") or "UTC"


class EnrollmentFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Enrollment.Status.choices)
    course = filters.NumberFilter(field_name="course", min_value=1, max_value=2**53)

    class Meta:
        model = Enrollment
        fields = ["status", "course"]


class OwnEnrollments(OwnerMixin):
    owned_model = Enrollment
    required_role = Role.STUDENT
    filterset_class = EnrollmentFilter
    ordering_fields = ["enrolled_at", "completed_at"]
    ordering = ["-enrolled_at", "-pk"]

    def owned(self, user):
        return Enrollment.objects.filter(student=user).select_related("course")


@extend_schema_view(get=extend_schema(summary="Your enrollments"))
class EnrollmentList(OwnEnrollments, ListView):
    required_scopes = "enrollments:read"
    serializer_class = serializers.EnrollmentSerializer


@extend_schema_view(get=extend_schema(summary="Your progress in each course you are enrolled in"))
class ProgressList(OwnEnrollments, ListView):
    required_scopes = "progress:read"
    serializer_class = serializers.ProgressSerializer

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._shown = page if page is not None else list(queryset)
        return page

    def get_serializer_context(self):
        context = super().get_serializer_context()
        shown = getattr(self, "_shown", [])
        context["progress"] = (
            learning_selectors.progress_of(student_ids=[self.request.user.pk], course_ids=[e.course_id for e in shown])
            if shown
            else {}
        )
        return context


class BookingFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Booking.Status.choices)
    starts_after = DateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = DateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Booking
        fields = ["status", "starts_after", "starts_before"]


BOOKING_REQUEST_EXAMPLE = OpenApiExample(
    "Book a private session", value={"teacher": 7, "starts_at": "2026-12-07T10:00:00+03:00"}, request_only=True
)


@extend_schema_view(
    get=extend_schema(
        summary="Your bookings (a teacher: bookings of the sessions you teach)", parameters=[TZ_PARAMETER]
    ),
    post=extend_schema(
        summary="Book a teacher's free time (students; spends one credit)",
        request=serializers.BookingRequestSerializer,
        responses={201: serializers.BookingSerializer, 400: serializers.REFUSAL},
        examples=[BOOKING_REQUEST_EXAMPLE],
        parameters=[TZ_PARAMETER],
    ),
)
class BookingList(ListView):
    """Replaces the site's own `POST /learn/sessions/api/bookings/` for integrations: the same service decides."""

    required_scopes = {"read": "bookings:read", "write": "bookings:write"}
    serializer_class = serializers.BookingSerializer
    filterset_class = BookingFilter
    ordering_fields = ["starts_at"]
    ordering = ["-starts_at", "-pk"]

    def get_queryset(self):
        user = self.request.user
        if not user.is_authenticated:
            return Booking.objects.none()
        mine = Q(student=user) if user.is_student else Q()
        if user.is_teacher:
            mine |= Q(session__teacher=user)
        if not (user.is_student or user.is_teacher):
            return Booking.objects.none()
        return Booking.objects.filter(mine).select_related("session__teacher")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "zone": caller_zone(self.request)}

    def post(self, request):
        if not request.user.has_role(Role.STUDENT):
            raise exceptions.PermissionDenied(_("Only students book sessions."))
        incoming = serializers.BookingRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        teacher = (
            get_user_model()
            .objects.filter(pk=incoming.validated_data["teacher"], is_teacher=True, is_active=True)
            .first()
        )
        if teacher is None:
            raise exceptions.ValidationError({"teacher": [_("No such teacher.")]})
        try:
            booking = booking_services.book_private_session(
                student=request.user, teacher=teacher, starts_at=incoming.validated_data["starts_at"]
            )
        except SchedulingError as exc:
            return Response({"detail": str(exc.message)}, status=exc.status)
        booking = Booking.objects.select_related("session__teacher").get(pk=booking.pk)
        return Response(self.get_serializer(booking).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    post=extend_schema(
        summary="Cancel your booking (the cancellation rules decide about the credit)",
        request=None,
        responses={200: serializers.BookingSerializer, 400: serializers.REFUSAL},
        parameters=[TZ_PARAMETER],
    )
)
class BookingCancel(ApiView):
    required_scopes = "bookings:write"
    required_role = Role.STUDENT
    serializer_class = serializers.BookingSerializer

    def post(self, request, pk: int):
        booking = Booking.objects.filter(pk=pk, student=request.user).first()
        if booking is None:
            raise exceptions.NotFound(_("No such booking."))
        try:
            booking_services.cancel_booking(booking=booking, by=request.user)
        except SchedulingError as exc:
            return Response({"detail": str(exc.message)}, status=exc.status)
        booking = Booking.objects.select_related("session__teacher").get(pk=booking.pk)
        context = {"request": request, "zone": caller_zone(request)}
        return Response(serializers.BookingSerializer(booking, context=context).data)


@extend_schema_view(
    get=extend_schema(
        summary="A teacher's free times for private sessions, in your time zone",
        parameters=[
            TZ_PARAMETER,
            OpenApiParameter("from", date, description="First day (in your zone); default today."),
            OpenApiParameter("days", int, description="How many days (1 to 31); default 14."),
        ],
        responses=serializers.SlotSerializer(many=True),
    )
)
class TeacherSlots(ConditionalMixin, ApiView):
    required_scopes = "bookings:read"
    required_role = Role.STUDENT

    def get(self, request, teacher_id: int):
        teacher = get_user_model().objects.filter(pk=teacher_id, is_teacher=True, is_active=True).first()
        if teacher is None:
            raise exceptions.NotFound(_("No such teacher."))
        zone_name = caller_zone(request)
        zone = zoneinfo.ZoneInfo(zone_name)
        today = timezone.now().astimezone(zone).date()
        try:
            first = date.fromisoformat(request.query_params.get("from") or today.isoformat())
            days = int(request.query_params.get("days") or settings.SCHEDULING_BOOKING_DAYS_SHOWN)
        except ValueError:
            raise exceptions.ValidationError({"from": [_("Give a date as YYYY-MM-DD and a number of days.")]}) from None
        if not 1 <= days <= 31:
            raise exceptions.ValidationError({"days": [_("Between 1 and 31 days.")]})
        first = min(max(first, today), today + timedelta(days=366))
        start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
        end = datetime.combine(first + timedelta(days=days), datetime.min.time(), tzinfo=zone)
        slots = free_slots(schedule=booking_services.schedule_for(teacher), start=start, end=end)
        context = {"request": request, "zone": zone_name}
        return Response(serializers.SlotSerializer(slots, many=True, context=context).data)


class OrderFilter(filters.FilterSet):
    status = filters.CharFilter(field_name="status")
    currency = filters.CharFilter(field_name="currency")

    class Meta:
        model = commerce_selectors.Order
        fields = ["status", "currency"]


@extend_schema_view(get=extend_schema(summary="Your orders"))
class OrderList(OwnerMixin, ListView):
    owned_model = commerce_selectors.Order
    required_scopes = "orders:read"
    required_role = Role.STUDENT
    serializer_class = serializers.OrderSerializer
    filterset_class = OrderFilter
    ordering_fields = ["created_at", "total"]
    ordering = ["-created_at"]

    def owned(self, user):
        return commerce_selectors.purchases_for(student=user)


@extend_schema_view(get=extend_schema(summary="One of your orders"))
class OrderDetail(OwnerMixin, RetrieveView):
    owned_model = commerce_selectors.Order
    required_scopes = "orders:read"
    required_role = Role.STUDENT
    serializer_class = serializers.OrderSerializer
    lookup_field = "reference"

    def owned(self, user):
        return commerce_selectors.purchases_for(student=user)


@extend_schema_view(get=extend_schema(summary="Your invoices and credit notes"))
class InvoiceList(OwnerMixin, ListView):
    owned_model = Invoice
    required_scopes = "orders:read"
    required_role = Role.STUDENT
    serializer_class = serializers.InvoiceSerializer
    ordering_fields = ["issued_at"]
    ordering = ["-issued_at", "-pk"]

    def owned(self, user):
        return Invoice.objects.filter(order__student=user).select_related("order")


def _certificate_data(request, facts: dict) -> dict:
    from django.urls import reverse

    url = request.build_absolute_uri(reverse("learning:certificate-verify", args=[facts["code"]]))
    return {**facts, "valid": not facts["revoked_at"], "verification_url": url}


@extend_schema_view(get=extend_schema(summary="Your certificates"))
class CertificateList(OwnerMixin, ListView):
    owned_model = Certificate
    required_scopes = "certificates:read"
    required_role = Role.STUDENT
    serializer_class = serializers.CertificateSerializer

    def owned(self, user):
        return learning_selectors.certificates_of(student=user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        data = [_certificate_data(request, certificate_sharing.facts_for(c)) for c in page]
        return self.get_paginated_response(serializers.CertificateSerializer(data, many=True).data)


@extend_schema_view(
    get=extend_schema(
        summary="Verify a certificate by its code (anyone)",
        responses={200: serializers.CertificateSerializer, 404: serializers.ErrorSerializer},
    )
)
class CertificateVerify(ConditionalMixin, ApiView):
    """Brings the public verification page (`/certificates/<code>/`) under the API: the same cached facts."""

    public = True
    required_scopes = "certificates:read"

    def get(self, request, code: str):
        facts = certificate_sharing.verification_facts(code=code) if CODE.fullmatch(code) else None
        if facts is None:
            raise exceptions.NotFound(_("No certificate has this code."))
        return Response(serializers.CertificateSerializer(_certificate_data(request, facts)).data)
