"""The account emails (address confirmation, password reset), registered so editors can word them."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_email

PLACEHOLDERS = {"name": _("the person's name"), "link": _("the link to follow")}

# allauth's template prefix -> (our email key, the context entry holding its link)
ALLAUTH_EMAILS = {
    "account/email/email_confirmation_signup": ("account.confirm_email", "activate_url"),
    "account/email/email_confirmation": ("account.confirm_email", "activate_url"),
    "account/email/password_reset_key": ("account.password_reset", "password_reset_url"),
}


def register() -> None:
    register_email(
        key="account.confirm_email",
        label=_("Confirm the email address"),
        placeholders=PLACEHOLDERS,
        sample={"name": _("Lina"), "link": "https://fluentory.example/accounts/confirm-email/sample/"},
        subject=_("Please confirm your email address"),
        body=(_("Hello {{ name }},"), _("Confirm your address to finish signing up to Fluentory.")),
        button_label=_("Confirm your address"),
        button_link="{{ link }}",
    )
    register_email(
        key="account.password_reset",
        label=_("Reset the password"),
        placeholders=PLACEHOLDERS,
        sample={"name": _("Lina"), "link": "https://fluentory.example/accounts/password/reset/key/sample/"},
        subject=_("Reset your password"),
        body=(
            _("Hello {{ name }},"),
            _("Someone asked to reset your Fluentory password. If it was not you, ignore this email."),
        ),
        button_label=_("Choose a new password"),
        button_link="{{ link }}",
    )
