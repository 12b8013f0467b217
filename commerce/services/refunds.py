"""Refunds: requested by students, decided by admins, sent through the gateway, never above what was captured."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

import analytics
from accounts import audit
from accounts.models import User
from core.money import Money
from notifications.services import notify

from .. import amounts, lines, policy
from ..gateways import GatewayError, get_gateway
from ..models import Payment, Refund, RefundRequest
from . import account_credit, commissions, invoice_emails, invoices


class RefundRefused(Exception):
    """Why a refund cannot be made; safe to show."""


@transaction.atomic
def request_refund(*, payment: Payment, student, reason: str) -> RefundRequest:
    """A student asks; the policy's answer is stored with the request for the admin who decides."""
    if payment.student_id != student.pk:
        raise RefundRefused(_("This payment is not yours."))
    reason = (reason or "").strip()
    if not reason:
        raise RefundRefused(_("Please tell us why you are asking for a refund."))
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.amount == 0:
        raise RefundRefused(_("Nothing was paid for this order, so there is nothing to refund."))
    try:
        for line in payment.order.lines.select_related("course", "gift"):
            lines.for_line(line).refuse_unless_refundable_by_buyer(line=line)
    except lines.NotRefundableByBuyer as exc:
        raise RefundRefused(str(exc)) from exc
    if payment.refund_requests.filter(status=RefundRequest.Status.REQUESTED).exists():
        raise RefundRefused(_("You have already asked for a refund on this order; an admin will answer soon."))
    decision = policy.evaluate(payment=payment)
    try:
        with transaction.atomic():
            refund_request = RefundRequest.objects.create(
                payment=payment,
                student=student,
                reason=reason[:2000],
                policy=decision.policy,
                eligible=decision.allowed,
                eligible_amount=decision.amount.amount,
                policy_explanation=decision.reason,
            )
    except IntegrityError as exc:
        raise RefundRefused(_("You have already asked for a refund on this order.")) from exc
    audit.record(
        actor=student,
        action="commerce.refund_requested",
        target=refund_request,
        subject_id=student.pk,
        eligible=decision.allowed,
        amount=str(decision.amount.amount),
    )
    analytics.track("refund_requested", user=student, order=payment.order.reference)
    _tell_admins(refund_request)
    return refund_request


def _tell_admins(refund_request: RefundRequest) -> None:
    url = reverse("commerce_refund_requests:decide", args=[refund_request.pk])
    for admin in User.objects.filter(is_active=True).filter(Q(is_admin=True) | Q(is_superuser=True)):
        with override(admin.preferred_language):
            notify(
                admin,
                "commerce.refund_requested",
                _("Refund requested for %(order)s") % {"order": refund_request.payment.order.reference},
                refund_request.policy_explanation,
                url=url,
                dedupe_key=f"refund-request:{refund_request.pk}",
            )


def issue_refund(
    *, payment: Payment, amount: Money, reason: str, actor=None, refund_request: RefundRequest | None = None
) -> Refund:
    """Refund through the gateway. The payment row stays locked until the refund is written, so concurrent
    refunds are serialised and their sum never passes the captured amount."""
    if amount.currency != payment.currency:
        raise RefundRefused(_("A refund is made in the payment's currency."))
    if amount.amount <= 0:
        raise RefundRefused(_("A refund amount must be more than zero."))
    try:
        amounts.check_step(amount)  # 20.005 USD is neither refundable nor storable
    except amounts.AmountRefused as exc:
        raise RefundRefused(str(exc)) from exc
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("order").get(pk=payment.pk)
        remaining = payment.amount - policy.refunded_total(payment)
        if amount.amount > remaining:
            raise RefundRefused(
                _("At most %(remaining)s can still be refunded on this payment.")
                % {"remaining": Money(remaining, payment.currency).format()}
            )
        key = uuid.uuid4()
        try:
            reference = get_gateway(payment.gateway).refund(payment=payment, amount=amount, idempotency_key=str(key))
        except GatewayError as exc:
            raise RefundRefused(_("The payment provider refused the refund: %(error)s") % {"error": exc}) from exc
        refund = Refund.objects.create(
            payment=payment,
            request=refund_request,
            key=key,
            gateway=payment.gateway,
            reference=reference,
            amount=amount.amount,
            currency=amount.currency,
            reason=reason,
            created_by=actor,
        )
        _after_refund(refund=refund, actor=actor, remaining_before=remaining)
    return refund


def record_gateway_refund(*, payment: Payment, reference: str, amount: Money, reason: str = "") -> Refund | None:
    """A refund the gateway reports (webhook): recorded once, whoever started it."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("order").get(pk=payment.pk)
        existing = Refund.objects.filter(gateway=payment.gateway, reference=reference).first()
        if existing is not None:
            return existing
        remaining = payment.amount - policy.refunded_total(payment)
        if remaining <= 0:
            return None
        value = min(amount.amount, remaining)
        refund = Refund.objects.create(
            payment=payment,
            gateway=payment.gateway,
            reference=reference,
            amount=value,
            currency=payment.currency,
            reason=reason or _("Refunded at the payment provider."),
        )
        _after_refund(refund=refund, actor=None, remaining_before=remaining)
    return refund


def _after_refund(*, refund: Refund, actor, remaining_before: Decimal) -> None:
    payment = refund.payment
    order = payment.order
    fully_refunded = refund.amount >= remaining_before
    applicable = refund.request.policy if refund.request_id and refund.request.policy_id else None
    applicable = applicable or policy.policy_for(payment.course)
    revoke = policy.revokes_access(payment=payment, policy=applicable, fully_refunded=fully_refunded)
    for line in order.lines.select_related("course", "gift"):
        lines.for_line(line).refund(line=line, refund=refund, revoke_access=revoke)
    if fully_refunded:
        account_credit.give_back(order=order, actor=actor)
    commissions.record_for_refund(refund=refund)
    credit_note = invoices.issue_credit_note(refund=refund)
    audit.record(
        actor=actor,
        action="commerce.refunded",
        target=refund,
        subject_id=order.student_id,
        order=order.reference,
        amount=str(refund.amount),
        currency=refund.currency,
        credit_note=credit_note.number,
    )
    analytics.track("refund_issued", user=order.student, order=order.reference, amount=str(refund.amount))
    with override(order.student.preferred_language):
        notify(
            order.student,
            "commerce.refunded",
            _("Refund for %(order)s") % {"order": order.reference},
            _("We have refunded %(amount)s. Credit note %(number)s.")
            % {"amount": refund.money.format(), "number": credit_note.number},
            url=reverse("commerce:order-detail", kwargs={"reference": order.reference}),
            email=False,  # the credit-note email says it
            dedupe_key=f"refund:{refund.key}",
        )
    invoice_emails.send_after_commit(credit_note)


@transaction.atomic
def approve(*, refund_request: RefundRequest, admin, amount: Money | None = None, note: str = "") -> Refund:
    """Refund what the policy allows, or (an override) `amount` with a note saying why."""
    refund_request = RefundRequest.objects.select_for_update().select_related("payment").get(pk=refund_request.pk)
    if refund_request.status != RefundRequest.Status.REQUESTED:
        raise RefundRefused(_("This request has already been decided."))
    override_amount = amount is not None
    if not override_amount:
        if not refund_request.eligible:
            raise RefundRefused(_("The policy allows no refund here; override with an amount and a reason."))
        amount = refund_request.eligible_money
    elif not note.strip():
        raise RefundRefused(_("Say why you override the policy."))
    refund = issue_refund(
        payment=refund_request.payment,
        amount=amount,
        reason=note or refund_request.reason,
        actor=admin,
        refund_request=refund_request,
    )
    refund_request.status = RefundRequest.Status.REFUNDED
    refund_request.decided_by = admin
    refund_request.decided_at = timezone.now()
    refund_request.decision_note = note
    refund_request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit.record(
        actor=admin,
        action="commerce.refund_override" if override_amount else "commerce.refund_approved",
        target=refund_request,
        subject_id=refund_request.student_id,
        amount=str(amount.amount),
        note=note,
    )
    return refund


@transaction.atomic
def reject(*, refund_request: RefundRequest, admin, note: str) -> RefundRequest:
    refund_request = RefundRequest.objects.select_for_update().get(pk=refund_request.pk)
    if refund_request.status != RefundRequest.Status.REQUESTED:
        raise RefundRefused(_("This request has already been decided."))
    if not note.strip():
        raise RefundRefused(_("Say why the request is rejected; the student will read it."))
    refund_request.status = RefundRequest.Status.REJECTED
    refund_request.decided_by = admin
    refund_request.decided_at = timezone.now()
    refund_request.decision_note = note
    refund_request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit.record(
        actor=admin,
        action="commerce.refund_rejected",
        target=refund_request,
        subject_id=refund_request.student_id,
        note=note,
    )
    student = refund_request.student
    with override(student.preferred_language):
        notify(
            student,
            "commerce.refund_rejected",
            _("Your refund request was not approved"),
            note,
            url=reverse("commerce:order-detail", kwargs={"reference": refund_request.payment.order.reference}),
            dedupe_key=f"refund-rejected:{refund_request.pk}",
        )
    return refund_request
