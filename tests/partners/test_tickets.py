"""Tickets: a thread between a partner and the admins, with private attachments limited by type and size, an
email to the other side on each message, and a partner's reply reopening a closed ticket."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Ticket, TicketAttachment, TicketMessage
from partners.services import tickets

from .factories import TicketFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "public_media": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
        "private_media": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }


def test_a_partner_opens_a_ticket_with_attachments_and_the_admins_are_emailed(
    client, partner, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(partner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partners:ticket-create"),
            {
                "subject": "Our invoices",
                "body": "Please add our VAT number.",
                "attachments": [upload("vat.pdf", PDF), upload("logo.png", PNG), upload("note.txt", b"VAT 123")],
            },
        )
    ticket = Ticket.objects.get()
    assert response.url == reverse("partners:ticket", args=[ticket.pk])
    assert ticket.status == Ticket.Status.OPEN
    assert sorted(TicketAttachment.objects.values_list("name", flat=True)) == ["logo.png", "note.txt", "vat.pdf"]
    assert TicketAttachment.objects.first().file.name.startswith("documents/")  # the private storage
    assert any(admin_user.email in m.to and "Our invoices" in m.subject for m in mail.outbox)


@pytest.mark.parametrize(
    "files, error",
    [
        ([upload("page.html", b"<script>alert(1)</script>")], "only PDF, PNG, JPG and TXT"),
        ([upload("big.pdf", PDF + b"0" * (5 * 1024 * 1024))], "is too big"),
        ([upload("fake.pdf", b"<html>not a pdf</html>")], "is not a real PDF file"),
        ([upload(f"n{i}.txt", b"hello") for i in range(4)], "Attach at most 3 files."),
    ],
)
def test_bad_attachments_get_a_clear_message_and_nothing_is_saved(client, partner, files, error):
    client.force_login(partner)
    response = client.post(
        reverse("partners:ticket-create"), {"subject": "Files", "body": "See attached.", "attachments": files}
    )
    assert response.status_code == 400 and error in response.content.decode()
    assert not Ticket.objects.exists() and not TicketAttachment.objects.exists()


def test_an_empty_message_is_refused(client, partner):
    ticket = TicketFactory(partner=partner)
    client.force_login(partner)
    response = client.post(reverse("partners:ticket", args=[ticket.pk]), {"body": "   "})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert ticket.messages.count() == 1


def test_an_admin_reply_waits_on_the_partner_and_emails_them(
    client, partner, admin_user, django_capture_on_commit_callbacks
):
    ticket = TicketFactory(partner=partner)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partners_admin:ticket", args=[ticket.pk]),
            {"body": "Done: see your next invoice.", "status": "waiting"},
        )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.WAITING
    reply = ticket.messages.last()
    assert reply.from_staff and reply.author == admin_user
    assert any(partner.email in m.to and "Reply to your ticket" in m.subject for m in mail.outbox)


def test_a_partner_reply_reopens_a_closed_ticket_and_emails_the_admins(
    client, partner, admin_user, django_capture_on_commit_callbacks
):
    ticket = TicketFactory(partner=partner)
    tickets.admin_reply(ticket=ticket, admin=admin_user, body="Closing this.", status=Ticket.Status.CLOSED)
    mail.outbox.clear()
    client.force_login(partner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partners:ticket", args=[ticket.pk]), {"body": "One more thing."})
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN
    assert any(admin_user.email in m.to for m in mail.outbox)


def test_attachments_download_only_for_the_ticket_partner_and_admins(
    client, partner, other_partner, admin_user, student
):
    ticket = TicketFactory(partner=partner)
    tickets.partner_reply(ticket=ticket, partner=partner, body="Here", files=[upload("a.txt", b"<b>hi</b>")])
    attachment = TicketAttachment.objects.get()
    url = reverse("partners:ticket-attachment", args=[attachment.pk])
    for person, status in ((other_partner, 404), (student, 403), (partner, 200), (admin_user, 200)):
        client.force_login(person)
        response = client.get(url, follow=status == 404)
        assert response.status_code == status, person
        if status == 200:
            assert response["Content-Disposition"].startswith("attachment")
            assert response["Content-Type"].startswith("text/plain")
            assert response["X-Content-Type-Options"] == "nosniff"
    client.logout()
    assert client.get(url).status_code == 302


def test_admins_filter_tickets_by_status_in_a_fixed_number_of_queries(
    client, admin_user, partner, django_assert_max_num_queries
):
    for _ in range(12):
        TicketFactory(partner=partner)
    closed = TicketFactory(partner=partner, subject="Closed one", status=Ticket.Status.CLOSED)
    client.force_login(admin_user)
    client.get(reverse("partners_admin:tickets"))
    with django_assert_max_num_queries(30):
        page = client.get(reverse("partners_admin:tickets"), {"status": "closed"}).content.decode()
    assert page.count("data-ticket=") == 1 and closed.subject in page
    assert TicketMessage.objects.count() == 13
