"""Invoice emails: never left unsent when the broker or a worker fails, never sent twice."""

from contextlib import suppress
from datetime import timedelta

import pytest
import time_machine
from celery.exceptions import Retry
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from commerce import tasks
from commerce.models import Invoice, Payment
from commerce.services import checkout, fulfilment, invoice_emails
from notifications.models import OutboxEmail

pytestmark = pytest.mark.django_db

STALLED = invoice_emails.STALLED_AFTER + timedelta(seconds=1)
AFTER_THE_LEASE = invoice_emails.LEASE + timedelta(seconds=1)


@pytest.fixture
def pay(course, student, django_capture_on_commit_callbacks):
    def run():
        order = checkout.order_for_course(student=student, course=course, currency="USD")
        with django_capture_on_commit_callbacks(execute=True):
            fulfilment.record_payment(
                order=order, gateway="test", reference=f"test_{order.reference}", amount=order.total_money
            )
        return Invoice.objects.get(order=order)

    return run


def invoice_emails_sent(invoice):
    return [message for message in mail.outbox if invoice.number in message.subject]


def broker_down(*args, **kwargs):
    raise OperationalError("Error 111 connecting to redis. Connection refused.")


def test_a_payment_recorded_while_the_broker_is_down_stands_and_its_invoice_follows(pay, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(tasks.send_invoice, "delay", broker_down)
        invoice = pay()
    assert Payment.objects.count() == 1
    assert Invoice.objects.get(pk=invoice.pk).emailed_at is None
    assert tasks.send_stalled_invoices() == 0  # its task may still be on its way
    with time_machine.travel(timezone.now() + STALLED, tick=False):
        assert tasks.send_stalled_invoices() == 1
        assert tasks.send_stalled_invoices() == 0
    assert len(invoice_emails_sent(invoice)) == 1


def test_an_invoice_claimed_by_a_worker_that_died_is_sent_once_the_lease_lapses(pay, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(tasks.send_invoice, "delay", broker_down)
        invoice = pay()
    Invoice.objects.filter(pk=invoice.pk).update(emailed_at=timezone.now())  # claimed; then the worker was gone
    with time_machine.travel(timezone.now() + invoice_emails.LEASE - timedelta(seconds=5), tick=False):
        assert tasks.send_stalled_invoices() == 0
    with time_machine.travel(timezone.now() + AFTER_THE_LEASE, tick=False):
        assert tasks.send_stalled_invoices() == 1
        assert tasks.send_stalled_invoices() == 0
    assert len(invoice_emails_sent(invoice)) == 1


def test_an_invoice_handed_over_just_before_the_worker_died_is_not_sent_again(pay):
    invoice = pay()
    assert len(invoice_emails_sent(invoice)) == 1
    with time_machine.travel(timezone.now() + AFTER_THE_LEASE, tick=False):
        assert tasks.send_stalled_invoices() == 0
    Invoice.objects.filter(pk=invoice.pk).update(emailed_at=None)  # as if the claim were lost with the worker
    tasks.send_invoice.apply(args=[invoice.pk])
    assert len(invoice_emails_sent(invoice)) == 1
    assert OutboxEmail.objects.filter(subject__contains=invoice.number, status="sent").count() == 1


def test_an_invoice_the_provider_keeps_refusing_stops_after_the_last_attempt(pay, settings):
    settings.OUTBOX_DELIVERY_BACKEND = "tests.notifications.test_delivery.BrokenBackend"
    with suppress(Retry):
        invoice = pay()
    invoice = Invoice.objects.get()
    moment = timezone.now()
    for _attempt in range(invoice_emails.MAX_ATTEMPTS + 2):
        moment += STALLED
        with time_machine.travel(moment, tick=False):
            for invoice_id in invoice_emails.stalled(now=timezone.now()):
                with suppress(Retry):  # the task also asks Celery to retry; the sweep stands in for that here
                    tasks.send_invoice.apply(args=[invoice_id])
    failures = OutboxEmail.objects.filter(subject__contains=invoice.number, status="failed")
    assert failures.count() == invoice_emails.MAX_ATTEMPTS
    assert not invoice_emails_sent(invoice)


def test_the_sweep_runs_on_the_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["commerce-send-stalled-invoices"]
    assert entry["task"] == tasks.send_stalled_invoices.name
    assert entry["schedule"] < invoice_emails.LEASE.total_seconds()


def test_the_invoice_email_uses_the_template_editors_wrote(pay):
    from wagtail.models import Locale

    from notifications.models import EmailTemplate

    EmailTemplate.objects.create(
        key="invoice.issued",
        locale=Locale.objects.get_or_create(language_code="en")[0],
        subject="Thanks! Invoice {{ number }}",
        body="<p>Paid: {{ amount }}</p>",
    )

    invoice = pay()

    (sent,) = invoice_emails_sent(invoice)
    assert sent.subject == f"[Fluentory] Thanks! Invoice {invoice.number}"
    assert "Paid: $100.00" in sent.body
    assert sent.attachments[0][0] == f"{invoice.number}.pdf"
