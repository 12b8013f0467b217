"""The email every `notify(email=True)` sends, registered like any app's."""

from django.utils.translation import gettext_lazy as _

from .registry import register_email


def register() -> None:
    register_email(
        key="notification",
        label=_("Notification"),
        placeholders={
            "name": _("the person's name"),
            "title": _("the notification's title"),
            "message": _("the notification's text"),
            "link": _("where to act on it"),
        },
        sample={
            "name": _("Lina"),
            "title": _("Lesson 2 is open"),
            "message": _("You can start the next lesson of Arabic for beginners."),
            "link": "https://fluentory.example/learn/",
        },
        subject="{{ title }}",
        body=(_("Hello {{ name }},"), "{{ message }}"),
        button_label=_("Open in Fluentory"),
        button_link="{{ link }}",
    )
