"""The booking emails, registered with the notifications engine so editors can word them."""

from django.utils.translation import gettext_lazy as _

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
