from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils.translation import get_language

from notifications.email_templates import render_email

from .emails import ALLAUTH_EMAILS


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return reverse("my-fluentory")

    def render_mail(self, template_prefix, email, context, headers=None):
        """Account emails come from the templates editors word; allauth's own for the rest."""
        if template_prefix not in ALLAUTH_EMAILS:
            return super().render_mail(template_prefix, email, context, headers=headers)
        key, link = ALLAUTH_EMAILS[template_prefix]
        user = context.get("user")
        rendered = render_email(
            key=key,
            language=getattr(user, "preferred_language", "") or get_language(),
            context={"name": getattr(user, "name", ""), "link": context[link]},
        )
        return rendered.message(
            to=[email] if isinstance(email, str) else email, headers=headers, from_email=self.get_from_email()
        )
