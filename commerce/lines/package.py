"""Session packages and trial lessons: live-session credits granted through scheduling, taken back when refunded.

`deliver()` and `take_back()` name who holds the credits, so a gift line can wrap a package and give its credits
to the recipient, with the same validity, instead of the buyer.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from scheduling.models import CreditEntry, TeacherSchedule
from scheduling.services import credits

from .. import package_pricing
from ..admin_alerts import tell_admins
from ..packages import SessionPackage
from .base import CheckoutRefused, LineKind, NextStep, NotRefundableByBuyer, Price, StartAgain
from .course import credit_reference

TRIAL_VALIDITY = timedelta(days=90)
logger = logging.getLogger(__name__)


def _price(offer) -> Price | None:
    return Price(offer.price, offer.is_derived) if offer else None


def takes_private_sessions(teacher) -> bool:
    return (
        teacher is not None
        and teacher.is_active
        and teacher.is_teacher
        and TeacherSchedule.objects.filter(teacher=teacher, accepts_private_sessions=True).exists()
    )


class _CreditLine(LineKind):
    """A line whose fulfilment is credits; subclasses say how many, with whom and for how long."""

    source: str

    def credit_terms(self) -> dict:
        raise NotImplementedError

    def validity(self) -> timedelta:
        raise NotImplementedError

    def deliver(self, *, to, reference: str, note: str, at) -> None:
        credits.grant_credits(
            student=to,
            source=self.source,
            reference=reference,
            note=note,
            expires_at=at + self.validity(),
            label=self.describe(),
            **self.credit_terms(),
        )

    def take_back(self, *, holder, reference: str, reason: str, quantity: int) -> int:
        return credits.revoke_credits(
            student=holder,
            quantity=quantity,
            reference=f"refund:{reference}",  # once per line, however many refunds
            reason=reason,
            source=self.source,
            grant_reference=reference,
        )

    def fulfil(self, *, line, payment) -> None:
        self.deliver(
            to=payment.student, reference=credit_reference(line), note=payment.order.reference, at=payment.captured_at
        )

    def unused_share(self, *, line) -> Decimal:
        left, granted = credits.unused_in_grant(student=line.order.student, grant_reference=credit_reference(line))
        return Decimal(left) / Decimal(granted) if granted else Decimal(1)

    def refuse_unless_refundable_by_buyer(self, *, line) -> None:
        left, granted = credits.unused_in_grant(student=line.order.student, grant_reference=credit_reference(line))
        if granted and not left:
            raise NotRefundableByBuyer(_("Every session of %(item)s has been used.") % {"item": self.describe()})

    def refund(self, *, line, refund, revoke_access: bool) -> None:
        # Whatever the policy says about access, a refunded package's unused sessions are what was paid back.
        self.take_back(
            holder=refund.payment.student,
            reference=credit_reference(line),
            reason=_("Refund of %(order)s") % {"order": refund.payment.order.reference},
            quantity=self.credit_terms()["quantity"],
        )


class PackageLine(_CreditLine):
    code = "package"
    source = CreditEntry.Source.PACKAGE

    def __init__(self, package: SessionPackage):
        self.package = package

    @classmethod
    def from_line(cls, line) -> PackageLine:
        return cls(line.package)

    def key(self) -> str:
        return f"package:{self.package.pk}"

    def price(self, currency: str) -> Price | None:
        return _price(package_pricing.package_offer(package=self.package, currency=currency))

    def refuse_unless_buyable(self, buyer) -> None:
        if not self.package.is_active:
            raise CheckoutRefused(_("This package is not on sale."))
        if self.package.teacher_id and not takes_private_sessions(self.package.teacher):
            raise CheckoutRefused(_("This teacher is not taking private sessions at the moment."))

    def describe(self) -> str:
        return self.package.localized_title

    def line_fields(self) -> dict:
        return {"package": self.package}

    def next_step(self) -> NextStep:
        return credits_ready(self.describe())

    def start_again(self) -> StartAgain:
        return StartAgain(reverse("commerce:package-checkout", args=[self.package.slug]), one_click=True)

    def credit_terms(self) -> dict:
        return {
            "quantity": self.package.sessions,
            "teacher": self.package.teacher,
            "language": self.package.language,
        }

    def validity(self) -> timedelta:
        return timedelta(days=self.package.validity_days)


class TrialLine(_CreditLine):
    """One discounted first session with a teacher, once per student and teacher (a database constraint)."""

    code = "trial"
    source = CreditEntry.Source.TRIAL

    def __init__(self, teacher):
        self.teacher = teacher

    @classmethod
    def from_line(cls, line) -> TrialLine:
        return cls(line.teacher)

    def key(self) -> str:
        return f"trial:{self.teacher.pk}"

    def price(self, currency: str) -> Price | None:
        return _price(package_pricing.trial_offer(currency=currency))

    def refuse_unless_buyable(self, buyer) -> None:
        if not takes_private_sessions(self.teacher):
            raise CheckoutRefused(_("This teacher is not taking private sessions at the moment."))
        if credits.has_taken_trial(student=buyer, teacher=self.teacher):
            raise CheckoutRefused(_("You have already had a trial lesson with %(name)s.") % {"name": self.teacher.name})

    def describe(self) -> str:
        return _("Trial lesson with %(name)s") % {"name": self.teacher.name}

    def line_fields(self) -> dict:
        return {"teacher": self.teacher}

    def next_step(self) -> NextStep:
        return credits_ready(self.describe())

    def start_again(self) -> StartAgain:
        return StartAgain(reverse("commerce:trial-checkout", args=[self.teacher.pk]), one_click=True)

    def credit_terms(self) -> dict:
        return {"quantity": 1, "teacher": self.teacher}

    def validity(self) -> timedelta:
        return TRIAL_VALIDITY

    def fulfil(self, *, line, payment) -> None:
        try:
            super().fulfil(line=line, payment=payment)
        except credits.TrialAlreadyTaken:
            # Two trial orders paid at once: the constraint let one through; the other is for an admin to refund.
            logger.error(
                "Order %s paid for a second trial lesson with teacher %s", payment.order.reference, self.teacher.pk
            )
            self._tell_admins_not_granted(line=line, payment=payment)

    def _tell_admins_not_granted(self, *, line, payment) -> None:
        order = payment.order
        tell_admins(
            kind="commerce.trial_not_granted",
            message=lambda: (
                _("A second trial lesson was paid for in %(order)s") % {"order": order.reference},
                _(
                    "%(student)s already had a trial lesson with %(teacher)s, so this payment gave no credit. "
                    "Refund the order."
                )
                % {"student": order.student.email, "teacher": self.teacher.name},
            ),
            url=reverse("commerce_orders:inspect", args=[order.pk]),
            dedupe_key=f"trial-not-granted:{line.pk}",
        )


def trial_teacher(teacher_id: int):
    return get_user_model().objects.filter(pk=teacher_id, is_teacher=True, is_active=True).first()


def credits_ready(item: str) -> NextStep:
    notice = _("%(item)s is yours: your session credits are ready to book.") % {"item": item}
    return NextStep(notice, _("Book a session"), reverse("scheduling:student-sessions"))
