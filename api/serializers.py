"""What the API shows: plain fields, money as a decimal string with its ISO 4217 code, times in ISO 8601."""

import zoneinfo

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers

from learning.models import Course, Enrollment


class PriceSerializer(serializers.Serializer):
    currency = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=3, coerce_to_string=True)
    derived = serializers.BooleanField(help_text="Converted from the base price by exchange rate and rounding.")


def prices_of(offers_by_currency: dict, item_id: int) -> list[dict]:
    return [
        {"currency": currency, "amount": str(offers[item_id].price.amount), "derived": offers[item_id].is_derived}
        for currency, offers in offers_by_currency.items()
        if item_id in offers
    ]


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CourseSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="localized_title")
    level_label = serializers.CharField()
    summary = serializers.CharField(source="localized_summary")
    teachers = serializers.SerializerMethodField()
    prices = serializers.SerializerMethodField()

    class Meta:
        model = Course
        fields = [
            "id",
            "slug",
            "title",
            "summary",
            "language",
            "level",
            "level_label",
            "course_type",
            "estimated_hours",
            "included_live_sessions",
            "teachers",
            "prices",
        ]

    @extend_schema_field(PersonSerializer(many=True))
    def get_teachers(self, course):
        return [{"id": teacher.pk, "name": teacher.name} for teacher in course.teachers.all()]

    @extend_schema_field(PriceSerializer(many=True))
    def get_prices(self, course):
        return prices_of(self.context["offers"], course.pk)


class BundleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField(source="localized_title")
    summary = serializers.CharField(source="localized_summary")
    prices = serializers.SerializerMethodField()

    @extend_schema_field(PriceSerializer(many=True))
    def get_prices(self, bundle):
        return prices_of(self.context["offers"], bundle.pk)


class PackageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField(source="localized_title")
    description = serializers.CharField(source="localized_description")
    sessions = serializers.IntegerField()
    validity_days = serializers.IntegerField()
    teacher = serializers.IntegerField(source="teacher_id", allow_null=True)
    language = serializers.CharField()
    prices = serializers.SerializerMethodField()

    @extend_schema_field(PriceSerializer(many=True))
    def get_prices(self, package):
        return prices_of(self.context["offers"], package.pk)


class EnrollmentSerializer(serializers.ModelSerializer):
    course = serializers.IntegerField(source="course_id")
    course_title = serializers.CharField(source="course.title")

    class Meta:
        model = Enrollment
        fields = ["id", "course", "course_title", "source", "status", "enrolled_at", "completed_at", "expires_at"]


class ProgressSerializer(serializers.Serializer):
    enrollment = serializers.IntegerField(source="pk")
    course = serializers.IntegerField(source="course_id")
    course_title = serializers.CharField(source="course.title")
    status = serializers.CharField()
    completed_lessons = serializers.SerializerMethodField()
    total_lessons = serializers.SerializerMethodField()
    percent = serializers.SerializerMethodField()
    last_active = serializers.SerializerMethodField()

    def _row(self, enrollment):
        return self.context["progress"].get((enrollment.student_id, enrollment.course_id))

    def get_completed_lessons(self, enrollment) -> int:
        row = self._row(enrollment)
        return row.completed_lessons if row else 0

    def get_total_lessons(self, enrollment) -> int:
        row = self._row(enrollment)
        return row.total_lessons if row else 0

    def get_percent(self, enrollment) -> int:
        row = self._row(enrollment)
        return row.percent if row else 0

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_last_active(self, enrollment):
        row = self._row(enrollment)
        return row.last_active.isoformat() if row and row.last_active else None


class LocalTimeField(serializers.DateTimeField):
    """An aware time shown in the caller's own zone (the profile's, or ?tz=)."""

    def to_representation(self, value):
        zone = zoneinfo.ZoneInfo(self.context["zone"])
        return value.astimezone(zone).isoformat()


class BookingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    kind = serializers.CharField(source="session.kind")
    starts_at = LocalTimeField()
    ends_at = LocalTimeField()
    teacher = PersonSerializer(source="session.teacher")
    student = serializers.IntegerField(source="student_id")
    course = serializers.IntegerField(source="session.course_id", allow_null=True)
    title = serializers.CharField(source="session.title")


class BookingRequestSerializer(serializers.Serializer):
    teacher = serializers.IntegerField(min_value=1, max_value=2**53)
    starts_at = serializers.DateTimeField(help_text="ISO 8601 with its offset, e.g. 2026-12-07T10:00:00+03:00.")


class SlotSerializer(serializers.Serializer):
    starts_at = LocalTimeField()
    ends_at = LocalTimeField()


class OrderLineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    description = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=3)


class InvoiceSerializer(serializers.Serializer):
    number = serializers.CharField()
    kind = serializers.CharField()
    order = serializers.CharField(source="order.reference")
    issued_at = serializers.DateTimeField()
    currency = serializers.CharField()
    subtotal = serializers.DecimalField(max_digits=12, decimal_places=3)
    tax = serializers.DecimalField(max_digits=12, decimal_places=3)
    total = serializers.DecimalField(max_digits=12, decimal_places=3)
    pdf = serializers.SerializerMethodField()

    def get_pdf(self, invoice) -> str:
        from django.urls import reverse

        return self.context["request"].build_absolute_uri(reverse("commerce:invoice-pdf", args=[invoice.number]))


class OrderSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField()
    currency = serializers.CharField()
    subtotal = serializers.DecimalField(max_digits=12, decimal_places=3)
    discount = serializers.DecimalField(max_digits=12, decimal_places=3)
    tax = serializers.DecimalField(max_digits=12, decimal_places=3)
    total = serializers.DecimalField(max_digits=12, decimal_places=3)
    created_at = serializers.DateTimeField()
    lines = OrderLineSerializer(many=True)
    invoices = serializers.SerializerMethodField(help_text="Invoice and credit note numbers.")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_invoices(self, order):
        return [invoice.number for invoice in order.invoices.all()]


class CertificateSerializer(serializers.Serializer):
    code = serializers.CharField()
    holder = serializers.CharField()
    course = serializers.CharField()
    level = serializers.CharField(allow_blank=True)
    level_code = serializers.CharField(allow_blank=True)
    hours = serializers.IntegerField()
    issued_at = serializers.CharField()
    revoked_at = serializers.CharField(allow_null=True)
    valid = serializers.BooleanField()
    verification_url = serializers.URLField()


class ReferralLinkSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    landing_path = serializers.CharField()
    active = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()
    visits = serializers.SerializerMethodField()
    signups = serializers.SerializerMethodField()
    purchases = serializers.SerializerMethodField()

    def get_url(self, link) -> str:
        from commerce import referrals

        return referrals.short_url(link)

    def get_visits(self, link) -> int:
        return self.context["funnel"][link.pk]["visits"]

    def get_signups(self, link) -> int:
        return self.context["funnel"][link.pk]["signups"]

    def get_purchases(self, link) -> int:
        return self.context["funnel"][link.pk]["purchases"]


class CommissionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.CharField(source="order.reference")
    description = serializers.CharField()
    course = serializers.IntegerField(source="course_id", allow_null=True)
    currency = serializers.CharField()
    base = serializers.DecimalField(max_digits=12, decimal_places=3)
    rate = serializers.DecimalField(max_digits=5, decimal_places=2)
    amount = serializers.DecimalField(max_digits=12, decimal_places=3)
    is_adjustment = serializers.BooleanField()
    occurred_at = serializers.DateTimeField()
    paid_out = serializers.SerializerMethodField()

    def get_paid_out(self, commission) -> bool:
        return commission.payout_id is not None


class WebhookEndpointSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = serializers.URLField(max_length=500)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    events = serializers.ListField(child=serializers.CharField(max_length=40), min_length=1, max_length=20)
    active = serializers.BooleanField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(read_only=True, help_text="Shown once: keep it to verify signatures.")


class TokenRequestSerializer(serializers.Serializer):
    grant_type = serializers.ChoiceField(choices=["client_credentials"])
    client_id = serializers.CharField(max_length=100, required=False)
    client_secret = serializers.CharField(max_length=200, required=False)
    scope = serializers.CharField(max_length=500, required=False, allow_blank=True)


class TokenResponseSerializer(serializers.Serializer):
    access_token = serializers.CharField()
    token_type = serializers.CharField()
    expires_in = serializers.IntegerField()
    scope = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


# A refusal: field errors (`{"teacher": ["No such teacher."]}`) or `{"detail": "…"}`.
REFUSAL = OpenApiResponse(response=OpenApiTypes.OBJECT, description='Field errors, or {"detail": "why"}.')
