"""The catalogue, open to anyone (with a token: catalogue:read): courses, bundles and session packages, each with
its price in every currency the site sells in, in a fixed number of queries whatever the page holds."""

from django.conf import settings
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view

from api import serializers
from api.views.base import ListView, RetrieveView
from commerce import bundle_pricing, package_pricing, pricing
from commerce import selectors as commerce_selectors
from commerce.models import CoursePrice
from commerce.offer_models import Bundle
from learning.models import Course

COURSE_EXAMPLE = OpenApiExample(
    "A course",
    value={
        "id": 12,
        "slug": "arabic-for-beginners",
        "title": "Arabic for beginners",
        "summary": "Read and speak everyday Arabic.",
        "language": "Arabic",
        "level": "A1",
        "level_label": "A1 · Beginner",
        "course_type": "hybrid",
        "estimated_hours": 30,
        "included_live_sessions": 4,
        "teachers": [{"id": 7, "name": "Rana Haddad"}],
        "prices": [{"currency": "USD", "amount": "49.000", "derived": False}],
    },
    response_only=True,
)


def course_offers(courses) -> dict:
    """{currency: {course id: Offer}}: one query for every price, exchange rates read only to derive one."""
    ids = [course.pk for course in courses]
    currencies = settings.FLUENTORY_CURRENCIES
    amounts = {
        (course_id, currency): amount
        for course_id, currency, amount in CoursePrice.objects.filter(
            course_id__in=ids, currency__in={*currencies, settings.COMMERCE_BASE_CURRENCY}
        ).values_list("course_id", "currency", "amount")
    }
    return {
        currency: pricing.offers_from_prices(ids=ids, currency=currency, amounts=amounts) for currency in currencies
    }


class CourseFilter(filters.FilterSet):
    language = filters.CharFilter(field_name="language", lookup_expr="iexact")
    level = filters.ChoiceFilter(choices=Course._meta.get_field("level").choices)
    course_type = filters.ChoiceFilter(choices=Course._meta.get_field("course_type").choices)
    teacher = filters.NumberFilter(field_name="teachers", min_value=1, max_value=2**53)

    class Meta:
        model = Course
        fields = ["language", "level", "course_type", "teacher"]


class CatalogueMixin:
    public = True
    required_scopes = "catalogue:read"

    def get_serializer_context(self):
        context = super().get_serializer_context()
        shown = getattr(self, "_shown", [])
        context["offers"] = self.offers_for(shown) if shown else {}
        return context

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._shown = page if page is not None else list(queryset)
        return page

    def get_object(self):
        obj = super().get_object()
        self._shown = [obj]
        return obj


@extend_schema_view(
    get=extend_schema(
        summary="Courses on sale",
        examples=[COURSE_EXAMPLE],
        description="Published public courses, priced in "
        "every currency (the admin's price, or one derived from the base price).",
    )
)
class CourseList(CatalogueMixin, ListView):
    serializer_class = serializers.CourseSerializer
    filterset_class = CourseFilter
    ordering_fields = ["title", "created_at", "estimated_hours"]
    ordering = ["title", "pk"]

    def get_queryset(self):
        return commerce_selectors.catalogue_courses().prefetch_related("teachers")

    def offers_for(self, courses):
        return course_offers(courses)


@extend_schema_view(get=extend_schema(summary="One course", examples=[COURSE_EXAMPLE]))
class CourseDetail(CatalogueMixin, RetrieveView):
    serializer_class = serializers.CourseSerializer

    def get_queryset(self):
        return commerce_selectors.catalogue_courses().prefetch_related("teachers")

    def offers_for(self, courses):
        return course_offers(courses)


@extend_schema_view(get=extend_schema(summary="Bundles on sale"))
class BundleList(CatalogueMixin, ListView):
    serializer_class = serializers.BundleSerializer
    ordering_fields = ["title", "created_at"]
    ordering = ["title", "pk"]

    def get_queryset(self):
        return Bundle.objects.filter(active=True)

    def offers_for(self, bundles):
        ids = [bundle.pk for bundle in bundles]
        return {
            currency: bundle_pricing.bundle_offers(bundle_ids=ids, currency=currency)
            for currency in settings.FLUENTORY_CURRENCIES
        }


class PackageFilter(filters.FilterSet):
    teacher = filters.NumberFilter(field_name="teacher", min_value=1, max_value=2**53)
    language = filters.CharFilter(field_name="language", lookup_expr="iexact")

    class Meta:
        model = package_pricing.SessionPackage
        fields = ["teacher", "language"]


@extend_schema_view(get=extend_schema(summary="Live-session packages on sale"))
class PackageList(CatalogueMixin, ListView):
    serializer_class = serializers.PackageSerializer
    filterset_class = PackageFilter
    ordering_fields = ["sessions", "position"]
    ordering = ["position", "sessions", "pk"]

    def get_queryset(self):
        return package_pricing.on_sale()

    def offers_for(self, packages):
        ids = [package.pk for package in packages]
        return {
            currency: package_pricing.offers_by_id(ids=ids, currency=currency)
            for currency in settings.FLUENTORY_CURRENCIES
        }
