"""Outgoing webhooks against a real receiver on 127.0.0.1: retries, signatures, replays, partners' scope."""

import http.server
import json
import re
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from celery.exceptions import Retry

import analytics
from api.models import DeliveryAttempt, OutgoingEvent, WebhookDelivery
from api.services import webhooks
from api.tasks import deliver_webhook
from commerce.services import checkout, fulfilment
from core.money import Money
from tests.commerce.factories import CourseFactory, CoursePriceFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def documented_verify():
    """The verification snippet exactly as docs/api.md shows it."""
    code = re.search(r"Verify a delivery.*?```python\n(.*?)```", DOCS.read_text(), re.S).group(1)
    namespace = {}
    exec(code, namespace)  # noqa: S102 (our own documentation)
    return namespace["verify"]


class Receiver:
    """Answers 500 to the first `failures` requests, then 200; keeps every request."""

    def __init__(self, failures=0):
        self.failures, self.requests = failures, []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                code = 500 if len(receiver.requests) <= receiver.failures else 200
                self.send_response(code)
                self.end_headers()
                self.wfile.write(b"broken" if code == 500 else b"ok")

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(failures=0):
        made.append(Receiver(failures))
        return made[-1]

    yield make
    for server in made:
        server.close()


def test_a_receiver_that_fails_twice_gets_the_event_on_the_third_try(receiver, django_capture_on_commit_callbacks):
    server = receiver(failures=2)
    endpoint, secret = webhooks.create_endpoint(url=server.url, events=["enrollment.created"])
    student = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):  # the first try fails and asks to be retried
        analytics.track("enrolled", user=student, course=7, source="admin")
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.attempts == 1 and delivery.status == WebhookDelivery.Status.PENDING
    # The worker's retries (tests run tasks inline), each asking for a longer wait.
    with pytest.raises(Retry) as second:
        deliver_webhook.delay(delivery.pk)
    assert second.value.when == 60
    assert deliver_webhook.delay(delivery.pk).get() == "delivered"
    assert deliver_webhook.delay(delivery.pk).get() == "done"  # a duplicate run sends nothing more
    assert len(server.requests) == 3
    ids = {headers["Fluentory-Event-Id"] for headers, _body in server.requests}
    assert len(ids) == 1
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED and delivery.attempts == 3
    assert [a.status_code for a in DeliveryAttempt.objects.filter(delivery=delivery)] == [500, 500, 200]
    assert DeliveryAttempt.objects.filter(delivery=delivery).first().response_excerpt == "broken"
    headers, body = server.requests[-1]
    assert json.loads(body)["type"] == "enrollment.created" and json.loads(body)["data"]["student"] == student.pk
    verify = documented_verify()
    assert verify(secret, headers["Fluentory-Signature"], body)
    assert not verify("whsec_wrong", headers["Fluentory-Signature"], body)
    assert not verify(secret, headers["Fluentory-Signature"], body + b" ")


def test_backoff_doubles():
    assert [webhooks.retry_delay(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


def test_a_replay_carries_the_same_event_id(receiver, django_capture_on_commit_callbacks):
    server = receiver()
    endpoint, _secret = webhooks.create_endpoint(url=server.url, events=["booking.created"])
    with django_capture_on_commit_callbacks(execute=True):
        analytics.track("booking_made", user=UserFactory(), kind="private", teacher=1, session=2)
    first = WebhookDelivery.objects.get(endpoint=endpoint)
    with django_capture_on_commit_callbacks(execute=True):
        again = webhooks.replay(delivery=first)
    again.refresh_from_db()
    assert again.status == WebhookDelivery.Status.DELIVERED and again.event_id == first.event_id
    ids = [json.loads(body)["id"] for _headers, body in server.requests]
    assert ids == [str(first.event_id)] * 2


def test_partners_get_only_events_of_their_own_referrals(receiver, django_capture_on_commit_callbacks):
    partner, other_partner = UserFactory(partner=True), UserFactory(partner=True)
    mine, theirs, site = receiver(), receiver(), receiver()
    webhooks.create_endpoint(url=mine.url, events=["payment.succeeded"], partner=partner)
    webhooks.create_endpoint(url=theirs.url, events=["payment.succeeded"], partner=other_partner)
    webhooks.create_endpoint(url=site.url, events=["payment.succeeded"])
    course = CourseFactory()
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("10.00"))
    order = checkout.order_for_course(student=UserFactory(), course=course, currency="USD", country="")
    order.partner = partner
    order.save(update_fields=["partner"])
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.record_payment(
            order=order, gateway="test", reference=f"test_pi_{order.reference}", amount=Money(order.total, "USD")
        )
    assert len(mine.requests) == 1 and len(site.requests) == 1 and theirs.requests == []
    assert OutgoingEvent.objects.get(type="payment.succeeded").partner_ids == [partner.pk]


def test_an_endpoint_must_name_known_events_and_a_web_address():
    with pytest.raises(webhooks.WebhookRefused):
        webhooks.create_endpoint(url="ftp://example.com/", events=["payment.succeeded"])
    with pytest.raises(webhooks.WebhookRefused):
        webhooks.create_endpoint(url="https://example.com/", events=["nothing"])


def test_private_receivers_are_refused_in_production(settings):
    settings.API_WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    with pytest.raises(webhooks.WebhookRefused):
        webhooks.create_endpoint(url="https://127.0.0.1/hook", events=["payment.succeeded"])
    with pytest.raises(webhooks.WebhookRefused):
        webhooks.create_endpoint(url="http://example.com/hook", events=["payment.succeeded"])
