"""Reads for the storefront and purchase history."""

from django.db.models import Prefetch

from learning.models import Course

from .models import Invoice, Order, RefundRequest


def catalogue_courses():
    """Published public courses, in the order the catalogue lists them."""
    return Course.objects.filter(status=Course.Status.PUBLISHED, visibility=Course.Visibility.PUBLIC).order_by(
        "title", "pk"
    )


def purchases_for(*, student):
    return (
        Order.objects.filter(student=student)
        .exclude(status=Order.Status.CANCELLED)
        .exclude(attempts__isnull=True, status=Order.Status.OPEN)
        .distinct()
        .prefetch_related("lines", Prefetch("invoices", queryset=Invoice.objects.order_by("issued_at")))
        .select_related("payment")
        .order_by("-created_at")
    )


def order_for_student(*, student, reference: str) -> Order | None:
    return (
        Order.objects.filter(student=student, reference=reference)
        .select_related("payment")
        .prefetch_related(
            "lines__course",
            "lines__gift__course",
            Prefetch("invoices", queryset=Invoice.objects.order_by("issued_at")),
        )
        .first()
    )


def refund_requests_for(*, order: Order):
    if not hasattr(order, "payment"):
        return RefundRequest.objects.none()
    return order.payment.refund_requests.order_by("-created_at")
