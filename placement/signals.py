"""An anonymous visitor who signs up or logs in mid-test keeps their progress: their browser's attempts move
to the account, so they can resume on any device once signed in."""

from allauth.account.signals import user_signed_up
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import ownership, services


@receiver(user_logged_in, dispatch_uid="placement_claim_on_login")
@receiver(user_signed_up, dispatch_uid="placement_claim_on_signup")
def claim_browser_attempts(sender, request=None, user=None, **kwargs):
    if request is None or user is None or not hasattr(request, "session"):
        return
    keys = ownership.session_keys(request)
    if keys:
        services.claim_attempts(user=user, keys=keys)
