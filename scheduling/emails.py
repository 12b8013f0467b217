"""The booking emails, registered with the notifications engine so editors can word them."""

from django.utils.translation import gettext_lazy as _

from notifications import sequences
from notifications.kinds import Category
from notifications.registry import register_email

PLACEHOLDERS = {
    "name": _("the student's name"),
    "session": _("the session's title"),
    "when": _("the date and time, in the student's time zone"),
    "teacher": _("the teacher's name"),
    "reason": _("why it changed, when the teacher gave a reason"),
    "meeting_link": _("the address to join the session"),
    "link": _("the booking's page"),
}
SAMPLE = {
    "name": _("Lina"),
    "session": _("Private session with Rania Haddad"),
    "when": "12 March 2027, 18:00 (Europe/London)",
    "teacher": "Rania Haddad",
    "reason": "",
    "meeting_link": "https://meet.example/fluentory-42",
    "link": "https://fluentory.example/learn/sessions/42/",
}
EVENTS = {
    "confirmed": (_("Booking confirmed"), _("Booked: {{ session }}")),
    "waitlisted": (_("Booking waitlisted"), _("On the waitlist: {{ session }}")),
    "promoted": (_("Waitlist seat freed"), _("A seat freed up: {{ session }}")),
    "updated": (_("Booking moved"), _("Moved: {{ session }}")),
    "cancelled": (_("Booking cancelled"), _("Cancelled: {{ session }}")),
}


def register() -> None:
    for event, (label, subject) in EVENTS.items():
        joining = () if event == "cancelled" else (_("Meeting link: {{ meeting_link }}"),)
        register_email(
            key=f"booking.{event}",
            label=label,
            placeholders=PLACEHOLDERS,
            sample=SAMPLE,
            subject=subject,
            preheader=_("When: {{ when }}"),
            body=(
                _("Hello {{ name }},"),
                _("When: {{ when }}"),
                _("Teacher: {{ teacher }}"),
                "{{ reason }}",
                *joining,
            ),
            button_label=_("Details"),
            button_link="{{ link }}",
        )


REMINDER_PLACEHOLDERS = {
    "name": _("the person's name"),
    "session": _("the session's title"),
    "when": _("the date and time, in the person's time zone"),
    "meeting_link": _("the address to join the session"),
    "link": _("the person's sessions page"),
}
REMINDERS = {
    "scheduling.reminder_day": (_("Session reminder, a day before"), _("Tomorrow: {{ session }}"), -24),
    "scheduling.reminder_hour": (_("Session reminder, an hour before"), _("Starting in 1 hour: {{ session }}"), -1),
}


def register_reminders() -> None:
    """The reminders before a session are a sequence (see `services.reminders`)."""
    from .services import reminders

    for key, (label, subject, _hours) in REMINDERS.items():
        register_email(
            key=key,
            label=label,
            placeholders=REMINDER_PLACEHOLDERS,
            sample={name: SAMPLE[name] for name in REMINDER_PLACEHOLDERS},
            subject=subject,
            preheader=_("{{ session }} starts at {{ when }}."),
            body=(
                _("Hello {{ name }},"),
                _("{{ session }} starts at {{ when }}."),
                _("Meeting link: {{ meeting_link }}"),
            ),
            button_label=_("Your sessions"),
            button_link="{{ link }}",
        )
    sequences.register_exit(
        key="scheduling.session_off",
        label=_("The session was cancelled, moved or began, or the seat was given up"),
        check=reminders.session_off,
    )
    sequences.register_trigger(
        key=reminders.TRIGGER,
        label=_("A live session is coming up (student and teacher)"),
        category=Category.LIVE,
        context=reminders.reminder_context,
        placeholders=REMINDER_PLACEHOLDERS,
        notice_kind="session_reminder",
        shipped_name=_("Session reminders"),
        shipped_steps=[
            sequences.ShippedStep(email=key, offset_hours=hours, urgent=True, in_app=True)
            for key, (_label, _subject, hours) in REMINDERS.items()
        ],
        shipped_exit="scheduling.session_off",
    )


CREDIT_PLACEHOLDERS = {
    "name": _("the student's name"),
    "credits": _("how many credits of the grant are left"),
    "grant": _("what the credits came with (a package, a trial lesson…)"),
    "expires": _("when they expire, in the student's time zone"),
    "link": _("the student's sessions page"),
}


def register_credit_reminder() -> None:
    """The reminder before unused credits expire is a sequence (see `services.credit_reminders`)."""
    from .services import credit_reminders

    register_email(
        key=credit_reminders.EMAIL,
        label=_("Session credits about to expire"),
        placeholders=CREDIT_PLACEHOLDERS,
        sample={
            "name": _("Lina"),
            "credits": "3",
            "grant": _("Five sessions with Rania"),
            "expires": "12 March 2027, 18:00 (Europe/London)",
            "link": "https://fluentory.example/learn/sessions/",
        },
        subject=_("Your session credits expire soon"),
        preheader=_("Book before {{ expires }}, or ask for more time."),
        body=(
            _("Hello {{ name }},"),
            _("Credits left: {{ credits }} ({{ grant }})."),
            _("They expire on {{ expires }}. Book a lesson before then, or ask for more time on your sessions page."),
        ),
        button_label=_("Book a session"),
        button_link="{{ link }}",
    )
    sequences.register_exit(
        key=credit_reminders.SETTLED,
        label=_("The credits were used, taken back or extended, or have expired"),
        check=credit_reminders.credits_settled,
    )
    sequences.register_trigger(
        key=credit_reminders.TRIGGER,
        label=_("Session credits are about to expire"),
        category=Category.LIVE,
        context=credit_reminders.reminder_context,
        placeholders=CREDIT_PLACEHOLDERS,
        notice_kind="booking_credits_expiring",
        shipped_name=_("Credits expiry reminder"),
        shipped_steps=[
            sequences.ShippedStep(
                email=credit_reminders.EMAIL, offset_hours=-24 * credit_reminders.DAYS_BEFORE, in_app=True
            )
        ],
        shipped_exit=credit_reminders.SETTLED,
    )
