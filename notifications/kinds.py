"""What each kind of notice is: its category (for preferences), its icon and its name in the viewer's language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Category:
    LEARNING = "learning"
    LIVE = "live"
    MESSAGES = "messages"
    ACCOUNT = "account"
    NEWS = "news"

    CHOICES = [
        (LEARNING, _("Learning")),
        (LIVE, _("Live sessions")),
        (MESSAGES, _("Messages")),
        (ACCOUNT, _("Account and payments")),
        (NEWS, _("News and offers")),
    ]
    # Account and payment notices always go out: receipts, refunds and security are not optional.
    ESSENTIAL = frozenset({ACCOUNT})
    # Marketing is sent only to people who said yes.
    OPT_IN = frozenset({NEWS})


@dataclass(frozen=True)
class Kind:
    category: str
    icon: str
    label: Promise
    urgent: bool = False  # sent even in the person's quiet hours

    @property
    def waits_for_quiet_hours(self) -> bool:
        return not self.urgent and self.category not in Category.ESSENTIAL


KINDS: dict[str, Kind] = {
    "teacher_online": Kind(Category.LIVE, "🟢", _("Teacher is online"), urgent=True),
    "session_reminder": Kind(Category.LIVE, "⏰", _("Upcoming class"), urgent=True),
    "session_cancelled": Kind(Category.LIVE, "📅", _("Booking change")),
    "learning.lesson_unlocked": Kind(Category.LEARNING, "🔓", _("Lesson unlocked")),
    "learning.course_completed": Kind(Category.LEARNING, "🏆", _("Milestone reached")),
    "learning.certificate_issued": Kind(Category.LEARNING, "📜", _("Certificate")),
    "learning.enrolled": Kind(Category.LEARNING, "🎓", _("Enrolment")),
    "learning.announcement": Kind(Category.LEARNING, "📣", _("Announcement")),
    "learning.message": Kind(Category.MESSAGES, "✉️", _("New message")),
    "learning.changes_approved": Kind(Category.LEARNING, "✅", _("Course review decision")),
    "learning.changes_rejected": Kind(Category.LEARNING, "📝", _("Course review decision")),
    "learning.review_requested": Kind(Category.LEARNING, "🔎", _("Course waiting for review")),
    "commerce.payment_succeeded": Kind(Category.ACCOUNT, "💳", _("Payment")),
    "commerce.refunded": Kind(Category.ACCOUNT, "↩️", _("Refund")),
    "commerce.refund_rejected": Kind(Category.ACCOUNT, "↩️", _("Refund")),
    "commerce.refund_requested": Kind(Category.ACCOUNT, "🧾", _("Refund request")),
    "commerce.payment_held": Kind(Category.ACCOUNT, "⚠️", _("Payment held")),
    "commerce.dispute": Kind(Category.ACCOUNT, "⚠️", _("Payment disputed")),
    "commerce.gift_redeemed": Kind(Category.ACCOUNT, "🎁", _("Gift")),
    "commerce.trial_not_granted": Kind(Category.ACCOUNT, "⚠️", _("Trial lesson not granted")),
    "commerce.coupon_over_limit": Kind(Category.ACCOUNT, "⚠️", _("Coupon used past its limit")),
    "commerce.payout_paid": Kind(Category.ACCOUNT, "💸", _("Payout")),
    "partners.cohort": Kind(Category.ACCOUNT, "👥", _("Cohort")),
    "partners.bundle_request": Kind(Category.ACCOUNT, "📦", _("Bundle request")),
    "partners.ticket": Kind(Category.MESSAGES, "🎫", _("Ticket")),
    "news": Kind(Category.NEWS, "📰", _("News and offers")),
}
BOOKING = Kind(Category.LIVE, "📅", _("Booking change"))  # booking_confirmed, booking_cancelled, …
OTHER = Kind(Category.ACCOUNT, "🔔", _("Notice"))


def kind_of(name: str) -> Kind:
    if name in KINDS:
        return KINDS[name]
    if name.startswith("booking_"):
        return BOOKING
    return OTHER
