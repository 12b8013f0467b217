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
