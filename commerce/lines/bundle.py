"""A bundle bought for oneself: every course in it the buyer does not own yet, each with its share of the price.

The shares are fixed on the order line (`OrderLine.parts`) when it is priced, so fulfilment and refunds follow
what was bought even if an admin changes the bundle later.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.models import Course, Enrollment
from learning.services.enrollments import ACCESS_STATUSES

from .. import bundle_pricing, policy
from ..models import Bundle
from .base import CheckoutRefused, LineKind, NextStep, Price, StartAgain
from .course import credit_reference, deliver_course, included_credits, refuse_unless_on_sale, take_back_course


def owned_course_ids(*, student, course_ids) -> frozenset[int]:
    """The courses among `course_ids` the student has access to now (as `learning.services.has_access` says)."""
    if student is None or not student.is_authenticated:
        return frozenset()
    return frozenset(
        Enrollment.objects.filter(student=student, course_id__in=list(course_ids), status__in=ACCESS_STATUSES)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .values_list("course_id", flat=True)
    )


def quotes_for(*, bundles, buyer, currency: str) -> dict[int, bundle_pricing.BundleQuote | None]:
    """Each bundle's quote for `buyer`, the courses they own left out, in a fixed number of queries however many
    bundles (their items prefetched)."""
    course_ids = {bundle.pk: [item.course_id for item in bundle.items.all()] for bundle in bundles}
    owned = owned_course_ids(student=buyer, course_ids={course for ids in course_ids.values() for course in ids})
    return bundle_pricing.quotes(course_ids=course_ids, currency=currency, owned=owned)


def part_reference(line, course_id: int) -> str:
    return f"{credit_reference(line)}:course:{course_id}"


class BundleLine(LineKind):
    code = "bundle"

    def __init__(self, bundle: Bundle, *, owned: frozenset[int] = frozenset(), parts: list | None = None):
        self.bundle = bundle
        self.owned = owned
        self.parts = parts  # set once priced, or read back from a stored line
        self._courses: list[Course] | None = None

    @classmethod
    def for_buyer(cls, bundle: Bundle, buyer) -> BundleLine:
        line = cls(bundle)
        line.owned = owned_course_ids(student=buyer, course_ids=[course.pk for course in line.courses()])
        return line

    @classmethod
    def from_line(cls, line) -> BundleLine:
        return cls(line.bundle, parts=line.parts)

    def courses(self) -> list[Course]:
        if self._courses is None:
            self._courses = [item.course for item in self.bundle.items.select_related("course")]
        return self._courses

    def key(self) -> str:
        return f"bundle:{self.bundle.pk}"

    def quote(self, currency: str) -> bundle_pricing.BundleQuote | None:
        return bundle_pricing.quote(
            bundle=self.bundle, course_ids=[course.pk for course in self.courses()], currency=currency, owned=self.owned
        )

    def price(self, currency: str) -> Price | None:
        quote = self.quote(currency)
        if quote is None:
            return None
        self.parts = [{"course": course_id, "share": str(share)} for course_id, share in quote.shares.items()]
        return Price(quote.price, quote.is_derived)

    def refuse_unless_buyable(self, buyer) -> None:
        if not self.bundle.active:
            raise CheckoutRefused(_("This bundle is not on sale."))
        courses = self.courses()
        if not courses:
            raise CheckoutRefused(_("This bundle is not on sale."))
        for course in courses:
            refuse_unless_on_sale(course)
        self.owned = owned_course_ids(student=buyer, course_ids=[course.pk for course in courses])
        if len(self.owned) == len(courses):
            raise CheckoutRefused(_("You already have every course in this bundle."))

    def next_step(self) -> NextStep:
        notice = _("You are enrolled in every course of %(title)s.") % {"title": self.bundle.localized_title}
        return NextStep(notice, _("Start learning"), reverse("learning:student-home"))

    def start_again(self) -> StartAgain:
        return StartAgain(reverse("commerce:bundle-detail", args=[self.bundle.slug]), one_click=True)

    def describe(self) -> str:
        return _("Bundle: %(title)s") % {"title": self.bundle.localized_title}

    def line_fields(self) -> dict:
        if self.parts is None:
            raise ValueError("A bundle line is priced before it is stored: its parts come from the price.")
        return {"bundle": self.bundle, "parts": self.parts}

    def shares(self) -> dict[int, Decimal]:
        return {int(part["course"]): Decimal(part["share"]) for part in self.parts or ()}

    def _part_courses(self) -> list[Course]:
        return list(Course.objects.filter(pk__in=self.shares()).order_by("pk"))

    def fulfil(self, *, line, payment) -> None:
        for course in self._part_courses():
            deliver_course(
                student=payment.student,
                course=course,
                credits=included_credits(course, line.quantity),
                reference=part_reference(line, course.pk),
                note=payment.order.reference,
            )

    def refund(self, *, line, refund, revoke_access: bool) -> None:
        """Each course's own refund policy says whether this refund ends access to it."""
        payment = refund.payment
        fully_refunded = policy.refunded_total(payment) >= payment.amount
        for course in self._part_courses():
            rule = policy.policy_for(course)
            if policy.revokes_access(payment=payment, policy=rule, fully_refunded=fully_refunded):
                take_back_course(
                    student=payment.student,
                    course=course,
                    credits=included_credits(course, line.quantity),
                    reference=part_reference(line, course.pk),
                    order_reference=payment.order.reference,
                )
