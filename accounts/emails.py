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
    register_email(
        key="account.login_link",
        label=_("Log in with a link (sent by support)"),
        placeholders=PLACEHOLDERS,
        sample={"name": _("Lina"), "link": "https://fluentory.example/account/login-link/sample/"},
        subject=_("Your link to log in"),
        body=(
            _("Hello {{ name }},"),
            _("Our support team sent you this link to log in. It works once, within 30 minutes."),
        ),
        button_label=_("Log in"),
        button_link="{{ link }}",
    )
    register_email(
        key="accounts.teacher_approved",
        label=_("Teacher application approved"),
        placeholders=PLACEHOLDERS,
        sample={"name": _("Lina"), "link": "https://fluentory.example/accounts/password/reset/key/sample/"},
        subject=_("Welcome to the Fluentory teachers"),
        body=(
            _("Hello {{ name }},"),
            _("Your application to teach with Fluentory has been approved."),
            _("Follow the link to set your password and open your teacher portal."),
        ),
        button_label=_("Start teaching"),
        button_link="{{ link }}",
    )
    register_email(
        key="accounts.teacher_rejected",
        label=_("Teacher application declined"),
        placeholders={"name": _("the person's name"), "reason": _("why the application was declined")},
        sample={"name": _("Lina"), "reason": _("We are not looking for teachers of this language at the moment.")},
        subject=_("Your application to teach with Fluentory"),
        body=(
            _("Hello {{ name }},"),
            _("Thank you for applying to teach with Fluentory. We cannot accept your application this time."),
            "{{ reason }}",
        ),
    )
