"""The outbox keeps each message as it went out, headers included, for admins to read."""

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse

from notifications.models import OutboxEmail

pytestmark = pytest.mark.django_db


def test_the_outbox_keeps_the_headers_the_message_went_out_with(client, admin_user):
    unsubscribe = "<https://fluentory.test/unsubscribe/signed-token/>"
    EmailMessage(
        "Offers", "Hello", to=["sam@example.test"], headers={"List-Unsubscribe": unsubscribe, "Message-ID": "<m1@x>"}
    ).send()

    kept = OutboxEmail.objects.get()
    assert kept.headers == {"List-Unsubscribe": unsubscribe, "Message-ID": "<m1@x>"}
    client.force_login(admin_user)
    page = client.get(reverse("outboxemail:inspect", args=[kept.pk])).content.decode()
    assert "signed-token" in page


def test_deploy_check_warns_when_email_is_not_delivered(settings):
    from notifications.checks import email_delivery_for_production

    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert [problem.id for problem in email_delivery_for_production(None)] == ["notifications.W001"]
    settings.OUTBOX_DELIVERY_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {"POSTMARK_API_KEY": ""}
    assert [problem.id for problem in email_delivery_for_production(None)] == ["notifications.W002"]
    settings.ANYMAIL = {"POSTMARK_API_KEY": "key"}
    assert email_delivery_for_production(None) == []
