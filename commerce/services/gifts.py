"""Gifts of a course or a session package: chosen before checkout, emailed at their send date, redeemed once,
corrected or refunded.

Paying for a gift is an ordinary order line (`commerce.lines.gift`); this module holds what happens around it, and
asks the gift's item (`commerce.gift_items`) what redeeming and refunding give or take. A gift of a course its
recipient already has is refused before payment or, with `COMMERCE_GIFT_TO_OWNER = "credit"`, becomes the
recipient's account credit when they redeem it.
The redemption link carries `secrets.token_urlsafe(32)` (256 random bits); only its SHA-256 digest is stored, so
the table alone cannot redeem anything, and a new link (a resend) makes the old one invalid.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

import analytics
from accounts import audit
from core.leases import FAILED, PENDING, Lease
from core.money import Money
from core.site_url import absolute_url
from learning import services as learning
from learning.models import Course
from notifications import delivery
from notifications.email_templates import render_email
from notifications.services import notify

from .. import amounts, gift_items
from ..models import Gift
from ..packages import SessionPackage
from . import account_credit

logger = logging.getLogger(__name__)

EMAIL_LEASE = Lease(
    duration=timedelta(minutes=10),
    max_attempts=5,
    state="email_state",
    claimed_until="email_claimed_until",
    attempts="email_attempts",
)
MAX_SCHEDULE_AHEAD = timedelta(days=366)


class GiftRefused(Exception):
    """Why a gift cannot be bought, changed or redeemed; safe to show, and nothing was changed."""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def redemption_path(token: str) -> str:
    return reverse("commerce:gift-redeem", kwargs={"token": token})


def link_expires_at(gift: Gift) -> datetime | None:
    return gift.sent_at + timedelta(days=settings.COMMERCE_GIFT_LINK_DAYS) if gift.sent_at else None


def refuse_unless_giftable(*, buyer, course: Course | None, recipient_email: str) -> None:
    """A gift to someone who already has the course is caught here when that is configured, before payment."""
    if recipient_email.strip().lower() == (buyer.email or "").lower():
        raise GiftRefused(_("A gift is for someone else; buy it for yourself instead."))
    if course is None or settings.COMMERCE_GIFT_TO_OWNER != "refuse":
        return
    from accounts.models import User

    recipient = User.objects.filter(email__iexact=recipient_email.strip()).first()
    if recipient is not None and learning.has_access(student=recipient, course=course):
        raise GiftRefused(_("%(name)s already has this course.") % {"name": recipient_email})


def _check_send_at(send_at: datetime, now: datetime) -> datetime:
    if send_at > now + MAX_SCHEDULE_AHEAD:
        raise GiftRefused(_("A gift can be scheduled at most a year ahead."))
    return max(send_at, now)  # "now", or a moment already past while the form was open


@transaction.atomic
def prepare_gift(
    *,
    buyer,
    course: Course | None = None,
    package: SessionPackage | None = None,
    recipient_name: str,
    recipient_email: str,
    message: str,
    send_at: datetime,
    language: str,
    now: datetime | None = None,
) -> Gift:
    """The buyer's unpaid gift of `course` or `package` to `recipient_email`, created or refreshed: a double click
    reuses it."""
    if (course is None) == (package is None):
        raise ValueError("a gift is of a course or of a package")
    now = now or timezone.now()
    recipient_email = recipient_email.strip().lower()
    refuse_unless_giftable(buyer=buyer, course=course, recipient_email=recipient_email)
    if language not in dict(settings.LANGUAGES):
        raise GiftRefused(_("Choose a language the site speaks."))
    fields = {
        "recipient_name": recipient_name.strip()[:120],
        "message": message.strip()[:1000],
        "send_at": _check_send_at(send_at, now),
        "language": language,
    }
    unpaid = Gift.objects.select_for_update().filter(
        buyer=buyer,
        course=course,
        package=package,
        recipient_email=recipient_email,
        status=Gift.Status.AWAITING_PAYMENT,
    )
    gift = unpaid.first()
    if gift is None:
        try:
            with transaction.atomic():
                return Gift.objects.create(
                    buyer=buyer, course=course, package=package, recipient_email=recipient_email, **fields
                )
        except IntegrityError:  # a concurrent click created it first
            gift = unpaid.get()
    for name, value in fields.items():
        setattr(gift, name, value)
    gift.save(update_fields=list(fields))
    return gift


def mark_paid(*, gift: Gift) -> None:
    """Inside the payment's transaction; a replay finds it paid already."""
    if Gift.objects.filter(pk=gift.pk, status=Gift.Status.AWAITING_PAYMENT).update(status=Gift.Status.SCHEDULED):
        analytics.track("gift_purchased", user=gift.buyer, course=gift.course_id, package=gift.package_id, gift=gift.pk)
        gift.refresh_from_db()
        if gift.send_at <= timezone.now():
            transaction.on_commit(lambda: send_gift_email.delay(gift.pk), robust=True)


def send_due(*, now: datetime | None = None) -> int:
    """Every minute (beat): email the gifts whose send date has come; each is claimed once, so none goes twice."""
    now = now or timezone.now()
    EMAIL_LEASE.fail_spent(Gift.objects.all(), now=now)
    due = Gift.objects.filter(status__in=[Gift.Status.SCHEDULED, Gift.Status.SENT], send_at__lte=now)
    due = due.filter(EMAIL_LEASE.claimable(now)).values_list("pk", flat=True)[:500]
    return sum(send(gift_id=gift_id, now=now) for gift_id in list(due))


def send(*, gift_id: int, now: datetime | None = None) -> bool:
    """Email one due gift with a fresh link. False when it was not this call's to send (claimed, not due, done)."""
    now = now or timezone.now()
    rows = Gift.objects.filter(pk=gift_id, status__in=[Gift.Status.SCHEDULED, Gift.Status.SENT], send_at__lte=now)
    claimed_until = EMAIL_LEASE.claim(rows, now=now)
    if claimed_until is None:
        return False
    gift = Gift.objects.select_related("buyer", "course", "package").get(pk=gift_id)
    token = secrets.token_urlsafe(32)
    message_id = delivery.message_id(f"gift-{gift.pk}-{gift.email_attempts}-{token_digest(token)[:12]}")
    try:
        message = _message(gift, token, message_id)
        message.send()
    except Exception:  # logged; the lease is given back and the next run tries again
        logger.exception("Gift email %s could not be sent", gift.pk)
        EMAIL_LEASE.release(EMAIL_LEASE.held(rows, claimed_until=claimed_until))
        return False
    first = gift.sent_at is None
    finished = EMAIL_LEASE.finish(
        EMAIL_LEASE.held(rows, claimed_until=claimed_until),
        status=Gift.Status.SENT,
        token_digest=token_digest(token),
        sent_at=now,
    )
    if finished and first:
        analytics.track("gift_sent", user=gift.buyer, course=gift.course_id, package=gift.package_id, gift=gift.pk)
    return bool(finished)


def _message(gift: Gift, token: str, message_id: str):
    with override(gift.language):
        email = render_email(
            key=gift_items.item_of(gift).email_key,
            language=gift.language,
            context={
                "name": gift.recipient_name,
                "sender": gift.buyer.name,
                "course": gift.title,
                "package": gift.title,
                "message": gift.message,
                "link": absolute_url(redemption_path(token)),
            },
        )
    return email.message(to=[gift.recipient_email], headers={"Message-ID": message_id})


@shared_task(name="commerce.tasks.send_gift_email")
def send_gift_email(gift_id: int) -> bool:
    return send(gift_id=gift_id)


def gift_for_token(token: str) -> Gift | None:
    if not token or len(token) > 100:
        return None
    return Gift.objects.select_related("course", "package", "buyer").filter(token_digest=token_digest(token)).first()


def refuse_unless_redeemable(gift: Gift | None, *, now: datetime) -> Gift:
    if gift is None:
        raise GiftRefused(_("This gift link is not valid. If the sender sent the gift again, use the newest email."))
    if gift.status == Gift.Status.REDEEMED:
        raise GiftRefused(_("This gift has already been redeemed."))
    if gift.status != Gift.Status.SENT:
        raise GiftRefused(_("This gift is no longer available."))
    if now > link_expires_at(gift):
        raise GiftRefused(_("This gift link has expired. Ask the sender to send it again."))
    return gift


@transaction.atomic
def redeem(*, token: str, user, now: datetime | None = None) -> Gift:
    """Give `user` the gifted course or package, once: the gift row is locked, so of concurrent redemptions one
    wins. A course `user` already has becomes account credit when `COMMERCE_GIFT_TO_OWNER` says "credit"."""
    now = now or timezone.now()
    found = gift_for_token(token)
    gift = Gift.objects.select_for_update().filter(pk=found.pk).first() if found else None
    if gift is not None and gift.token_digest != token_digest(token):
        gift = None  # replaced by a resend while this request waited for the lock
    return _give(refuse_unless_redeemable(gift, now=now), user=user, now=now)


@transaction.atomic
def redeem_received(*, gift_id: int, user, now: datetime | None = None) -> Gift:
    """Redeem without the link, from the recipient's own gifts page: for someone who confirmed, on another device,
    the address the gift was emailed to. Holding that confirmed address is what holding the link proves."""
    now = now or timezone.now()
    gift = Gift.objects.select_for_update().filter(pk=gift_id).first()
    if gift is None or not is_addressed_to(gift, user):
        raise GiftRefused(_("This gift link is not valid. If the sender sent the gift again, use the newest email."))
    return _give(refuse_unless_redeemable(gift, now=now), user=user, now=now)


def is_addressed_to(gift: Gift, user) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=gift.recipient_email, verified=True).exists()


def _give(gift: Gift, *, user, now: datetime) -> Gift:
    if gift.buyer_id == user.pk:
        raise GiftRefused(_("This is a gift you sent; the person you sent it to redeems it."))
    gift.redeemed_by = user
    item = gift_items.item_of(gift)
    credited = None
    if not item.owned_by(user):
        item.deliver(user=user, now=now)
    elif settings.COMMERCE_GIFT_TO_OWNER == "credit":
        credited = account_credit.grant_for_gift(gift=gift, student=user, amount=paid_for(gift))
    else:
        raise GiftRefused(_("You already have this course, so the gift is kept for now. Tell the sender."))
    gift.status = Gift.Status.REDEEMED
    gift.redeemed_at = now
    gift.save(update_fields=["status", "redeemed_by", "redeemed_at"])
    audit.record(actor=user, action="commerce.gift_redeemed", target=gift, as_credit=credited is not None)
    analytics.track(
        "gift_redeemed",
        user=user,
        course=gift.course_id,
        package=gift.package_id,
        gift=gift.pk,
        as_credit=credited is not None,
    )
    buyer = gift.buyer
    with override(buyer.preferred_language):
        told = item.told_to_buyer()
        if credited is not None:
            told = _("%(name)s already had %(course)s, so your gift became their account credit.") % {
                "name": gift.recipient_name,
                "course": gift.title,
            }
        notify(
            buyer,
            "commerce.gift_redeemed",
            _("Your gift was redeemed"),
            told,
            url=reverse("commerce:gifts"),
            dedupe_key=f"gift-redeemed:{gift.pk}",
        )
    gift.credited = credited
    return gift


def paid_for(gift: Gift) -> Money:
    """What the buyer paid for the gift's line: its share of the order's total, discount and tax included."""
    line = gift.order_lines.select_related("order").filter(order__status="paid").first()
    if line is None:
        return Money(Decimal(0), settings.FLUENTORY_REPORTING_CURRENCY)
    order = line.order
    lines_total = sum((other.total for other in order.lines.all()), start=Decimal(0))
    share = line.total / lines_total if lines_total else Decimal(1)
    step = amounts.charge_quantum(order.currency)
    return Money(amounts.quantize(order.total * share // step * step, order.currency), order.currency)


def _open_gift_of(*, buyer, gift: Gift) -> Gift:
    gift = Gift.objects.select_for_update().get(pk=gift.pk)
    if gift.buyer_id != buyer.pk:
        raise GiftRefused(_("This gift is not yours."))
    if not gift.is_open:
        raise GiftRefused(_("A redeemed or refunded gift cannot be changed."))
    return gift


@transaction.atomic
def resend(*, buyer, gift: Gift, recipient_name: str, recipient_email: str, now: datetime | None = None) -> Gift:
    """Correct the address; a gift already emailed goes out again now with a new link, and the old link dies."""
    now = now or timezone.now()
    gift = _open_gift_of(buyer=buyer, gift=gift)
    refuse_unless_giftable(buyer=buyer, course=gift.course, recipient_email=recipient_email)
    gift.recipient_name = recipient_name.strip()[:120] or gift.recipient_name
    gift.recipient_email = recipient_email.strip().lower()
    fields = ["recipient_name", "recipient_email", "email_state", "email_attempts", "email_claimed_until"]
    gift.email_state, gift.email_attempts, gift.email_claimed_until = PENDING, 0, None
    if gift.status == Gift.Status.SENT:
        gift.token_digest = ""
        gift.send_at = now
        fields += ["token_digest", "send_at"]
    gift.save(update_fields=fields)
    audit.record(actor=buyer, action="commerce.gift_resent", target=gift, to=gift.recipient_email)
    if gift.send_at <= now:
        transaction.on_commit(lambda: send_gift_email.delay(gift.pk), robust=True)
    return gift


@transaction.atomic
def reschedule(*, buyer, gift: Gift, send_at: datetime, now: datetime | None = None) -> Gift:
    now = now or timezone.now()
    gift = _open_gift_of(buyer=buyer, gift=gift)
    if gift.status != Gift.Status.SCHEDULED:
        raise GiftRefused(_("This gift has already been emailed; send it again to a corrected address instead."))
    gift.send_at = _check_send_at(send_at, now)
    gift.email_state = PENDING if gift.email_state == FAILED else gift.email_state
    gift.save(update_fields=["send_at", "email_state"])
    audit.record(actor=buyer, action="commerce.gift_rescheduled", target=gift, send_at=gift.send_at.isoformat())
    return gift


def cancel_for_refund(*, gift: Gift) -> None:
    """Inside the refund's transaction: the link dies, and a redeemed gift's recipient loses what it gave them
    (the course, the package's unused credits, or what is left of the account credit it became)."""
    gift = Gift.objects.select_for_update().get(pk=gift.pk)
    if gift.status == Gift.Status.REFUNDED:
        return
    if gift.status == Gift.Status.REDEEMED:
        if gift.account_credit_entries.exists():
            account_credit.take_back_for_gift(gift=gift)
        else:
            gift_items.item_of(gift).take_back()
    gift.status = Gift.Status.REFUNDED
    gift.refunded_at = timezone.now()
    gift.token_digest = ""
    gift.save(update_fields=["status", "refunded_at", "token_digest"])


def describe_send_at(gift: Gift, *, time_zone: str) -> str:
    with timezone.override(time_zone):
        return date_format(timezone.localtime(gift.send_at), "DATETIME_FORMAT")
