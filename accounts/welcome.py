"""The welcome sequence: a person enters it once their address is confirmed (allauth's `email_confirmed`)."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import sequences
from notifications.kinds import Category
from notifications.registry import register_email

TRIGGER = "accounts.welcome"
PLACEHOLDERS = {"name": _("the person's name"), "link": _("their Fluentory home page")}


def welcome_context(entries: list[sequences.Entry], now: datetime) -> dict[int, dict]:
    return {entry.id: {"link": reverse("my-fluentory")} for entry in entries}


def register() -> None:
    register_email(
        key="accounts.welcome",
        label=_("Welcome"),
        placeholders=PLACEHOLDERS,
        sample={"name": _("Lina"), "link": "https://fluentory.example/me/"},
        subject=_("Welcome to Fluentory, {{ name }}"),
        preheader=_("Your first steps: a placement test, then a course at your level."),
        body=(
            _("Hello {{ name }},"),
            _("Your address is confirmed and your account is ready."),
            _("Not sure where to start? Take the placement test, then choose a course at your level."),
        ),
        button_label=_("Open Fluentory"),
        button_link="{{ link }}",
    )
    sequences.register_trigger(
        key=TRIGGER,
        label=_("The person confirmed their email address"),
        category=Category.LEARNING,
        context=welcome_context,
        placeholders=PLACEHOLDERS,
        shipped_name=_("Welcome"),
        shipped_steps=[sequences.ShippedStep(email="accounts.welcome")],
    )


def connect() -> None:
    from allauth.account.signals import email_confirmed

    email_confirmed.connect(on_email_confirmed, dispatch_uid="accounts.welcome")


def on_email_confirmed(sender, request, email_address, **kwargs) -> None:
    """Idempotent: confirming a second address (or the same one again) does not welcome the person twice."""
    now = timezone.now()
    sequences.enter(trigger=TRIGGER, user=email_address.user, subject="welcome", anchor=now, now=now)
