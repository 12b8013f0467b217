"""The abandoned-checkout sequence: reminders 1 h and 24 h after the last payment attempt, until the order is paid.

`checkout.mark_abandoned` enters the student; the exit condition stops the emails once the order is paid (or
cancelled), whenever that happens.
"""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.money import Money
from notifications import sequences
from notifications.kinds import Category
from notifications.registry import register_email

from .models import Order

TRIGGER = "commerce.abandoned_checkout"
PLACEHOLDERS = {
    "name": _("the student's name"),
    "item": _("what they were buying"),
    "amount": _("the order's total, with its currency"),
    "link": _("the checkout, to pick up where they stopped"),
}
SAMPLE = {
    "name": _("Lina"),
    "item": _("Arabic for beginners"),
    "amount": "SAR 1,200.00",
    "link": "https://fluentory.example/checkout/start/arabic-for-beginners/",
}


def enter_abandoned(*, order: Order, last_attempt: datetime, now: datetime) -> None:
    sequences.enter(
        trigger=TRIGGER,
        user=order.student,
        subject=f"order-{order.reference}",
        anchor=last_attempt,
        object_id=order.pk,
        now=now,
    )


def order_settled(entries: list[sequences.Entry], now: datetime) -> set[int]:
    """Exit: the order was paid or cancelled."""
    settled = set(
        Order.objects.filter(
            pk__in={entry.object_id for entry in entries}, status__in=[Order.Status.PAID, Order.Status.CANCELLED]
        ).values_list("pk", flat=True)
    )
    return {entry.id for entry in entries if entry.object_id in settled}


def checkout_context(entries: list[sequences.Entry], now: datetime) -> dict[int, dict]:
    orders = Order.objects.prefetch_related("lines__course").in_bulk({entry.object_id for entry in entries})
    contexts = {}
    for entry in entries:
        order = orders.get(entry.object_id)
        line = next(iter(order.lines.all()), None) if order else None
        if line is None:
            continue
        contexts[entry.id] = {
            "item": line.description,
            "amount": Money(order.total, order.currency).format(entry.language),
            "link": reverse("commerce:checkout-start", args=[line.course.slug])
            if line.course
            else reverse("commerce:order-detail", args=[order.reference]),
        }
    return contexts


def register() -> None:
    for key, label, subject in (
        ("commerce.checkout_reminder", _("Abandoned checkout, after an hour"), _("Still thinking about {{ item }}?")),
        ("commerce.checkout_last_call", _("Abandoned checkout, after a day"), _("Your {{ item }} is still waiting")),
    ):
        register_email(
            key=key,
            label=label,
            placeholders=PLACEHOLDERS,
            sample=SAMPLE,
            subject=subject,
            body=(
                _("Hello {{ name }},"),
                _("You started buying “{{ item }}” ({{ amount }}) but did not finish. Your place is kept for you."),
            ),
            button_label=_("Finish your purchase"),
            button_link="{{ link }}",
        )
    sequences.register_exit(
        key="commerce.order_settled", label=_("The order was paid or cancelled"), check=order_settled
    )
    sequences.register_trigger(
        key=TRIGGER,
        label=_("A checkout was left unpaid"),
        category=Category.LEARNING,
        context=checkout_context,
        placeholders=PLACEHOLDERS,
        shipped_name=_("Abandoned checkout"),
        shipped_steps=[
            sequences.ShippedStep(email="commerce.checkout_reminder", offset_hours=1),
            sequences.ShippedStep(email="commerce.checkout_last_call", offset_hours=24),
        ],
        shipped_exit="commerce.order_settled",
    )
