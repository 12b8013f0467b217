"""Partner payouts: created by an admin for a partner, a currency and a period, then approved, then paid.

A period's days are in the time zone of the admin who creates the payout (their profile's zone, stored on the
payout). A payout takes every commission of that partner and currency up to the period's end that no earlier
payout took, so a refund after an earlier payout (a negative commission) comes off the next one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts import audit
from accounts.models import User
from core.money import Money
from notifications.services import notify

from ..models import Commission, Payout
from .invoices import html_to_pdf


class PayoutRefused(Exception):
    """Why a payout cannot be made or moved on; safe to show."""


def period_bounds(*, start: date, end: date, zone: str) -> tuple[datetime, datetime]:
    """The period's first instant and the instant after its last day, in `zone`."""
    tz = ZoneInfo(zone)
    return datetime.combine(start, time.min, tzinfo=tz), datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)


def due(*, partner, currency: str, until: datetime):
    """The partner's commissions in `currency` before `until` that no payout has taken yet."""
    return Commission.objects.filter(partner=partner, currency=currency, payout__isnull=True, occurred_at__lt=until)


@transaction.atomic
def create_payout(*, partner: User, currency: str, period_start: date, period_end: date, admin: User) -> Payout:
    if not partner.is_partner:
        raise PayoutRefused(_("%(user)s is not a partner.") % {"user": partner})
    if period_end < period_start:
        raise PayoutRefused(_("The period must end on or after its first day."))
    zone = admin.time_zone or settings.TIME_ZONE
    if period_end > timezone.localdate(timezone.now(), ZoneInfo(zone)):
        raise PayoutRefused(_("The period cannot end in the future."))
    _start, until = period_bounds(start=period_start, end=period_end, zone=zone)
    User.objects.select_for_update().filter(pk=partner.pk).first()  # one payout at a time per partner
    rows = list(due(partner=partner, currency=currency, until=until).select_for_update().values_list("pk", "amount"))
    if not rows:
        raise PayoutRefused(
            _("There are no commissions in %(currency)s to pay for this period.") % {"currency": currency}
        )
    total = sum((amount for _pk, amount in rows), Decimal(0))
    if total <= 0:
        raise PayoutRefused(
            _("The commissions come to %(total)s: nothing to pay; they carry over to the next payout.")
            % {"total": Money(total, currency).format()}
        )
    payout = Payout.objects.create(
        partner=partner,
        currency=currency,
        period_start=period_start,
        period_end=period_end,
        time_zone=zone,
        amount=total,
        created_by=admin,
    )
    taken = Commission.objects.filter(pk__in=[pk for pk, _amount in rows], payout__isnull=True).update(payout=payout)
    assert taken == len(rows), "commissions were locked"
    audit.record(
        actor=admin,
        action="commerce.payout_created",
        target=payout,
        partner=partner.pk,
        amount=str(total),
        currency=currency,
        period=f"{period_start}..{period_end} {zone}",
        commissions=len(rows),
    )
    return payout


def _locked(payout: Payout, expected: str) -> Payout:
    payout = Payout.objects.select_for_update().get(pk=payout.pk)
    if payout.status != expected:
        raise PayoutRefused(
            _("This payout is %(status)s already; nothing was changed.") % {"status": payout.get_status_display()}
        )
    return payout


@transaction.atomic
def approve(*, payout: Payout, admin: User) -> Payout:
    payout = _locked(payout, Payout.Status.DRAFT)
    payout.status = Payout.Status.APPROVED
    payout.approved_by, payout.approved_at = admin, timezone.now()
    payout.save(update_fields=["status", "approved_by", "approved_at"])
    audit.record(actor=admin, action="commerce.payout_approved", target=payout, amount=str(payout.amount))
    return payout


@transaction.atomic
def mark_paid(*, payout: Payout, admin: User, reference: str = "") -> Payout:
    payout = _locked(payout, Payout.Status.APPROVED)
    payout.status = Payout.Status.PAID
    payout.paid_by, payout.paid_at = admin, timezone.now()
    payout.payment_reference = reference.strip()[:120]
    payout.save(update_fields=["status", "paid_by", "paid_at", "payment_reference"])
    audit.record(
        actor=admin, action="commerce.payout_paid", target=payout, amount=str(payout.amount), reference=reference
    )
    partner = payout.partner
    with override(partner.preferred_language):
        notify(
            partner,
            "commerce.payout_paid",
            _("Payout of %(amount)s sent") % {"amount": payout.money.format()},
            _("Your statement for %(start)s to %(end)s is ready.")
            % {"start": payout.period_start, "end": payout.period_end},
            url=reverse("partners:payouts"),
            email=False,
            dedupe_key=f"payout:{payout.pk}",
        )
    return payout


@transaction.atomic
def cancel(*, payout: Payout, admin: User, reason: str) -> Payout:
    """A payout not yet paid is called off: its commissions go back to the partner's unpaid balance, to be taken
    by a later payout, and the payout stays on record as cancelled, with who did it and why."""
    reason = reason.strip()
    if not reason:
        raise PayoutRefused(_("Say why the payout is cancelled; the partner's statement history keeps it."))
    payout = Payout.objects.select_for_update().get(pk=payout.pk)
    if payout.status not in (Payout.Status.DRAFT, Payout.Status.APPROVED):
        raise PayoutRefused(
            _("This payout is %(status)s already; nothing was changed.") % {"status": payout.get_status_display()}
        )
    released = Commission.objects.filter(payout=payout).update(payout=None)
    payout.status = Payout.Status.CANCELLED
    payout.cancelled_by, payout.cancelled_at, payout.cancel_reason = admin, timezone.now(), reason[:300]
    payout.save(update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason"])
    audit.record(
        actor=admin,
        action="commerce.payout_cancelled",
        target=payout,
        amount=str(payout.amount),
        commissions=released,
        reason=payout.cancel_reason,
    )
    return payout


@dataclass
class Statement:
    payout: Payout
    sales: list[Commission]
    adjustments: list[Commission]  # refunds, and anything from before the period carried into it

    @property
    def sales_total(self) -> Money:
        return Money(sum((row.amount for row in self.sales), Decimal(0)), self.payout.currency)

    @property
    def adjustments_total(self) -> Money:
        return Money(sum((row.amount for row in self.adjustments), Decimal(0)), self.payout.currency)


def statement_for(payout: Payout) -> Statement:
    start, _until = period_bounds(start=payout.period_start, end=payout.period_end, zone=payout.time_zone)
    rows = list(payout.commissions.select_related("order").order_by("occurred_at", "pk"))
    sales = [row for row in rows if not row.is_adjustment and row.occurred_at >= start]
    adjustments = [row for row in rows if row.is_adjustment or row.occurred_at < start]
    return Statement(payout=payout, sales=sales, adjustments=adjustments)


def statement_pdf(payout: Payout) -> bytes:
    """The statement in the active language, with times in the payout's zone."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    with timezone.override(ZoneInfo(payout.time_zone)):
        html = render_to_string(
            "commerce/payout_statement_pdf.html",
            {
                "statement": statement_for(payout),
                "payout": payout,
                "profile": getattr(payout.partner, "partner_profile", None),
                "language": language,
                "direction": "rtl" if language.split("-")[0] in settings.RTL_LANGUAGES else "ltr",
                "seller": settings.COMMERCE_SELLER,
            },
        )
    return html_to_pdf(html)


def totals_by_currency(*, partner) -> dict[str, dict[str, Money]]:
    """Earned, paid out and not yet paid out, per currency: a fixed two queries."""
    earned = dict(
        Commission.objects.filter(partner=partner).values_list("currency").annotate(total=Sum("amount")).order_by()
    )
    paid = dict(
        Payout.objects.filter(partner=partner, status=Payout.Status.PAID)
        .values_list("currency")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {
        currency: {
            "earned": Money(earned.get(currency, Decimal(0)), currency),
            "paid": Money(paid.get(currency, Decimal(0)), currency),
            "unpaid": Money(earned.get(currency, Decimal(0)) - paid.get(currency, Decimal(0)), currency),
        }
        for currency in sorted(set(earned) | set(paid))
    }
