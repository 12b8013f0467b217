"""A bundle bought for oneself: every course in it the buyer does not own yet and every session package in it, each
with its share of the price.

The shares are fixed on the order line (`OrderLine.parts`) when it is priced, so fulfilment and refunds follow
what was bought even if an admin changes the bundle later. A course part is delivered and refunded as a course
bought alone; a package part as a package bought alone (credits with its validity; a refund takes back the unused
ones and pays back only their part of its share).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.models import Course, Enrollment
from learning.services.enrollments import ACCESS_STATUSES
from scheduling.services import credits

from .. import bundle_pricing, policy
from ..models import Bundle, BundleItem
from ..packages import SessionPackage
from .base import CheckoutRefused, LineKind, NextStep, Price, RefundPart, StartAgain
from .course import credit_reference, deliver_course, included_credits, refuse_unless_on_sale, take_back_course
from .package import PackageLine


def owned_course_ids(*, student, course_ids) -> frozenset[int]:
    """The courses among `course_ids` the student has access to now (as `learning.services.has_access` says)."""
    if student is None or not student.is_authenticated:
        return frozenset()
    return frozenset(
        Enrollment.objects.filter(student=student, course_id__in=list(course_ids), status__in=ACCESS_STATUSES)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .values_list("course_id", flat=True)
    )


def course_key(course_id: int) -> str:
    return f"course:{course_id}"


def quotes_for(*, bundles, buyer, currency: str) -> dict[int, bundle_pricing.BundleQuote | None]:
    """Each bundle's quote for `buyer`, the courses they own left out, in a fixed number of queries however many
    bundles (their items prefetched)."""
    items = {bundle.pk: [item.key for item in bundle.items.all()] for bundle in bundles}
    course_ids = {item.course_id for bundle in bundles for item in bundle.items.all() if item.course_id}
    owned = owned_course_ids(student=buyer, course_ids=course_ids)
    return bundle_pricing.quotes(items=items, currency=currency, owned=frozenset(map(course_key, owned)))


def part_reference(line, key: str) -> str:
    return f"{credit_reference(line)}:{key}"


def _part_key(part: dict) -> str:
    return course_key(part["course"]) if "course" in part else f"package:{part['package']}"


def _part(key: str, share) -> dict:
    kind, _sep, item_id = key.partition(":")
    return {kind: int(item_id), "share": str(share)}


class BundleLine(LineKind):
    code = "bundle"

    def __init__(self, bundle: Bundle, *, owned: frozenset[int] = frozenset(), parts: list | None = None):
        self.bundle = bundle
        self.owned = owned  # ids of the bundle's courses the buyer has
        self.parts = parts  # set once priced, or read back from a stored line
        self._items: list[BundleItem] | None = None

    @classmethod
    def for_buyer(cls, bundle: Bundle, buyer) -> BundleLine:
        line = cls(bundle)
        line.owned = owned_course_ids(student=buyer, course_ids=[course.pk for course in line.courses()])
        return line

    @classmethod
    def from_line(cls, line) -> BundleLine:
        return cls(line.bundle, parts=line.parts)

    def items(self) -> list[BundleItem]:
        if self._items is None:
            self._items = list(self.bundle.items.select_related("course", "package"))
        return self._items

    def courses(self) -> list[Course]:
        return [item.course for item in self.items() if item.course_id]

    def packages(self) -> list[SessionPackage]:
        return [item.package for item in self.items() if item.package_id]

    def key(self) -> str:
        return f"bundle:{self.bundle.pk}"

    def quote(self, currency: str) -> bundle_pricing.BundleQuote | None:
        return bundle_pricing.quote(
            bundle=self.bundle,
            keys=[item.key for item in self.items()],
            currency=currency,
            owned=frozenset(map(course_key, self.owned)),
        )

    def price(self, currency: str) -> Price | None:
        quote = self.quote(currency)
        if quote is None:
            return None
        self.parts = [_part(key, share) for key, share in quote.shares.items()]
        return Price(quote.price, quote.is_derived)

    def refuse_unless_buyable(self, buyer) -> None:
        not_on_sale = CheckoutRefused(_("This bundle is not on sale."))
        if not self.bundle.active or not self.items():
            raise not_on_sale
        for course in self.courses():
            refuse_unless_on_sale(course)
        for package in self.packages():
            PackageLine(package).refuse_unless_buyable(buyer)
        courses = self.courses()
        self.owned = owned_course_ids(student=buyer, course_ids=[course.pk for course in courses])
        if courses and len(self.owned) == len(courses) and not self.packages():
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

    def shares(self) -> dict[str, Decimal]:
        return {_part_key(part): Decimal(part["share"]) for part in self.parts or ()}

    def _bought(self, model, kind: str) -> list:
        ids = [int(part[kind]) for part in self.parts or () if kind in part]
        return list(model.objects.filter(pk__in=ids).order_by("pk")) if ids else []

    def _part_courses(self) -> list[Course]:
        return self._bought(Course, "course")

    def _part_packages(self) -> list[PackageLine]:
        return [PackageLine(package) for package in self._bought(SessionPackage, "package")]

    def fulfil(self, *, line, payment) -> None:
        for course in self._part_courses():
            deliver_course(
                student=payment.student,
                course=course,
                credits=included_credits(course, line.quantity),
                reference=part_reference(line, course_key(course.pk)),
                note=payment.order.reference,
            )
        for package in self._part_packages():
            package.deliver(
                to=payment.student,
                reference=part_reference(line, package.key()),
                note=payment.order.reference,
                at=payment.captured_at,
            )

    def _unused(self, *, line, package: PackageLine) -> Decimal:
        left, granted = credits.unused_in_grant(
            student=line.order.student, grant_reference=part_reference(line, package.key())
        )
        return Decimal(left) / Decimal(granted) if granted else Decimal(1)

    def refund_parts(self, *, line) -> list[RefundPart]:
        shares = self.shares()
        parts = [RefundPart(course.title, course, shares[course_key(course.pk)]) for course in self._part_courses()]
        parts += [
            RefundPart(package.describe(), None, shares[package.key()], self._unused(line=line, package=package))
            for package in self._part_packages()
        ]
        return parts

    def unused_share(self, *, line) -> Decimal:
        parts = self.refund_parts(line=line)
        total = sum((part.share for part in parts), start=Decimal(0))
        if not total:
            return Decimal(1)
        return sum((part.share * part.unused for part in parts), start=Decimal(0)) / total

    def refund(self, *, line, refund, revoke_access: bool) -> None:
        """Each course's own refund policy says whether this refund ends access to it; a package's unused credits
        are what its part of a refund pays back, so they are taken back whatever the policy."""
        payment = refund.payment
        fully_refunded = policy.refunded_total(payment) >= payment.amount
        for course in self._part_courses():
            rule = policy.policy_for(course)
            if policy.revokes_access(payment=payment, policy=rule, fully_refunded=fully_refunded):
                take_back_course(
                    student=payment.student,
                    course=course,
                    credits=included_credits(course, line.quantity),
                    reference=part_reference(line, course_key(course.pk)),
                    order_reference=payment.order.reference,
                )
        for package in self._part_packages():
            package.take_back(
                holder=payment.student,
                reference=part_reference(line, package.key()),
                reason=_("Refund of %(order)s") % {"order": payment.order.reference},
                quantity=package.package.sessions,
            )
