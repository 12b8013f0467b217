"""The emails commerce sends, registered with the notifications engine so editors can word them."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_email

PLACEHOLDERS = {
    "name": _("the student's name"),
    "number": _("the invoice or credit note number"),
    "amount": _("the amount, with its currency"),
    "order": _("the order reference"),
    "link": _("the student's purchases page"),
}
SAMPLE = {
    "name": _("Lina"),
    "number": "FL-2026-000042",
    "amount": "SAR 1,200.00",
    "order": "ORD-7F3K2Q",
    "link": "https://fluentory.example/learn/purchases/",
}


def register() -> None:
    register_email(
        key="invoice.issued",
        label=_("Receipt and invoice"),
        placeholders=PLACEHOLDERS,
        sample=SAMPLE,
        subject=_("Your receipt and invoice {{ number }}"),
        preheader=_("Thank you for your payment of {{ amount }}."),
        body=(
            _("Hello {{ name }},"),
            _("Thank you for your payment of {{ amount }} for order {{ order }}. Your invoice is attached."),
        ),
        button_label=_("Your purchases"),
        button_link="{{ link }}",
    )
    register_email(
        key="refund.issued",
        label=_("Refund and credit note"),
        placeholders=PLACEHOLDERS,
        sample=SAMPLE,
        subject=_("Credit note {{ number }}"),
        preheader=_("We have refunded {{ amount }}."),
        body=(
            _("Hello {{ name }},"),
            _("We have refunded {{ amount }} for order {{ order }}. The credit note is attached."),
        ),
        button_label=_("Your purchases"),
        button_link="{{ link }}",
    )
    register_email(
        key="commerce.gift_received",
        label=_("A gift of a course"),
        placeholders={
            "name": _("the recipient's name"),
            "sender": _("the buyer's name"),
            "course": _("the course given"),
            "message": _("the buyer's message"),
            "link": _("the single-use redemption link"),
        },
        sample={
            "name": _("Omar"),
            "sender": _("Lina"),
            "course": _("Arabic for beginners"),
            "message": _("Happy birthday! Let's practise together."),
            "link": "https://fluentory.example/gifts/redeem/…/",
        },
        subject=_("{{ sender }} has given you a course: {{ course }}"),
        preheader=_("A gift from {{ sender }} is waiting for you."),
        body=(
            _("Hello {{ name }},"),
            _("{{ sender }} has given you “{{ course }}” at Fluentory."),
            "{{ message }}",
            _("Open your gift to start learning. The link works once, for you."),
        ),
        button_label=_("Open your gift"),
        button_link="{{ link }}",
    )
    register_email(
        key="commerce.gift_package_received",
        label=_("A gift of session credits"),
        placeholders={
            "name": _("the recipient's name"),
            "sender": _("the buyer's name"),
            "package": _("the session package given"),
            "message": _("the buyer's message"),
            "link": _("the single-use redemption link"),
        },
        sample={
            "name": _("Omar"),
            "sender": _("Lina"),
            "package": _("Five live sessions"),
            "message": _("Happy birthday! Let's practise together."),
            "link": "https://fluentory.example/gifts/redeem/…/",
        },
        subject=_("{{ sender }} has given you live lessons: {{ package }}"),
        preheader=_("A gift from {{ sender }} is waiting for you."),
        body=(
            _("Hello {{ name }},"),
            _("{{ sender }} has given you “{{ package }}”: live sessions with a Fluentory teacher."),
            "{{ message }}",
            _("Open your gift to get your session credits and book your first lesson. The link works once, for you."),
        ),
        button_label=_("Open your gift"),
        button_link="{{ link }}",
    )
