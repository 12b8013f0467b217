"""The email a cohort invitation sends, registered with the notifications engine so editors can word it."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_email


def register() -> None:
    register_email(
        key="partners.cohort_invitation",
        label=_("Invitation to a cohort"),
        placeholders={
            "cohort": _("the cohort's name"),
            "partner": _("the partner organisation"),
            "link": _("the invitation's own join link"),
        },
        sample={
            "cohort": _("Spring group"),
            "partner": "Noor Partners",
            "link": "https://fluentory.example/cohorts/join/sample/",
        },
        subject=_("{{ partner }} invites you to {{ cohort }}"),
        body=(
            _("Hello,"),
            _("{{ partner }} has a place for you in “{{ cohort }}” on Fluentory: the courses are free for you."),
            _("Sign in or create your account, then follow the link to join."),
        ),
        button_label=_("Join the cohort"),
        button_link="{{ link }}",
    )
