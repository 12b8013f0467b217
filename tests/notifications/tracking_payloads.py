"""Postmark's tracking webhook bodies, as Postmark documents them, and a client that posts them."""

import base64
import json

from django.conf import settings
from django.urls import reverse

WHEN = "2026-03-02T10:15:00.000000Z"


def postmark(record_type: str, *, message_id: str, recipient: str, **extra) -> dict:
    body = {"RecordType": record_type, "MessageID": message_id, "Metadata": {}, "MessageStream": "outbound"}
    if record_type in {"Bounce", "SpamComplaint"}:
        body.update(Email=recipient, BouncedAt=WHEN, Description="The server was unable to deliver your message")
    elif record_type == "Delivery":
        body.update(Recipient=recipient, DeliveredAt=WHEN, Details="Delivered")
    else:
        body.update(Recipient=recipient, ReceivedAt=WHEN)
    body.update(extra)
    return body


EVENTS = {
    "delivered": lambda **kw: postmark("Delivery", **kw),
    "opened": lambda **kw: postmark("Open", FirstOpen=True, UserAgent="Mail", **kw),
    "clicked": lambda **kw: postmark("Click", OriginalLink="https://fluentory.test/learn/", **kw),
    "soft_bounce": lambda **kw: postmark("Bounce", ID=1001, Type="SoftBounce", TypeCode=4096, **kw),
    "hard_bounce": lambda **kw: postmark("Bounce", ID=1002, Type="HardBounce", TypeCode=1, **kw),
    "complaint": lambda **kw: postmark("SpamComplaint", ID=1003, Type="SpamComplaint", TypeCode=512, **kw),
}


def auth_header(secret: str | None = None) -> dict:
    secret = settings.ANYMAIL_WEBHOOK_SECRET if secret is None else secret
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def post(client, body: dict, *, headers: dict | None = None):
    return client.post(
        reverse("anymail:postmark_tracking_webhook"),
        data=json.dumps(body),
        content_type="application/json",
        **(auth_header() if headers is None else headers),
    )
