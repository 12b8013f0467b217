"""A course bought for oneself: enrollment, and the live-session credits a live or hybrid course includes."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from learning import services as learning
from learning.models import Course, Enrollment
from scheduling.models import CreditEntry
from scheduling.services import credits as credit_service

from .. import pricing
from .base import CheckoutRefused, LineKind, NextStep, Price, StartAgain


def refuse_unless_on_sale(course: Course) -> None:
    if course.status != Course.Status.PUBLISHED or course.visibility == Course.Visibility.PRIVATE:
        raise CheckoutRefused(_("This course is not on sale."))


def course_price(course: Course, currency: str) -> Price | None:
    offer = pricing.offer_for(course=course, currency=currency)
    return Price(offer.price, offer.is_derived) if offer else None


def included_credits(course: Course | None, quantity: int = 1) -> int:
    """Live-session credits that come with a live or hybrid course."""
    if course is None or not course.has_live_sessions:
        return 0
    return course.included_live_sessions * quantity


def credit_reference(line) -> str:
    return f"order-line:{line.pk}"


class CourseLine(LineKind):
    code = "course"

    def __init__(self, course: Course):
        self.course = course

    @classmethod
    def from_line(cls, line) -> CourseLine:
        return cls(line.course)

    def key(self) -> str:
        return f"course:{self.course.pk}"

    def price(self, currency: str) -> Price | None:
        return course_price(self.course, currency)

    def refuse_unless_buyable(self, buyer) -> None:
        refuse_unless_on_sale(self.course)
        if learning.has_access(student=buyer, course=self.course):
            raise CheckoutRefused(_("You already have access to this course."))

    def describe(self) -> str:
        return self.course.localized_title

    def line_fields(self) -> dict:
        return {"course": self.course}

    def next_step(self) -> NextStep:
        notice = _("You are enrolled in %(title)s.") % {"title": self.course.localized_title}
        return NextStep(notice, _("Start learning"), reverse("learning:student-home"))

    def start_again(self) -> StartAgain:
        return StartAgain(reverse("commerce:checkout-start", args=[self.course.slug]), one_click=True)

    def fulfil(self, *, line, payment) -> None:
        deliver_course(
            student=payment.student,
            course=self.course,
            credits=included_credits(self.course, line.quantity),
            reference=credit_reference(line),
            note=payment.order.reference,
        )

    def refund(self, *, line, refund, revoke_access: bool) -> None:
        if revoke_access:
            take_back_course(
                student=refund.payment.student,
                course=self.course,
                credits=included_credits(self.course, line.quantity),
                reference=credit_reference(line),
                order_reference=refund.payment.order.reference,
            )


def deliver_course(*, student, course: Course, credits: int, reference: str, note: str) -> None:
    """Enroll, and grant the live-session credits that come with the course once per `reference`."""
    learning.enroll(student=student, course=course, source=Enrollment.Source.PURCHASE)
    if credits:
        credit_service.grant_credits(
            student=student,
            quantity=credits,
            source=CreditEntry.Source.COURSE,
            reference=reference,
            course=course,
            note=note,
        )


def take_back_course(*, student, course: Course, credits: int, reference: str, order_reference: str) -> None:
    """End access after a refund, and take back the credits granted under `reference`, once however many refunds."""
    enrollment = Enrollment.objects.filter(student=student, course=course).first()
    if enrollment is not None:
        learning.revoke_enrollment(enrollment=enrollment, status=Enrollment.Status.REFUNDED)
    if credits:
        credit_service.revoke_credits(
            student=student,
            quantity=credits,
            reference=f"refund:{reference}",
            reason=_("Refund of %(order)s") % {"order": order_reference},
            source=CreditEntry.Source.COURSE,
            grant_reference=reference,  # only the credits this purchase granted
        )
