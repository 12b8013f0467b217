"""Tickets between a partner and the admins: a thread of messages with attachments, a status, an email to the
other side on each message. A partner's reply reopens a closed ticket."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from accounts import audit

from ..attachments import check_attachments
from ..models import Ticket, TicketAttachment, TicketMessage
from . import PartnerRefused
from .people import tell, tell_admins


def _add_message(*, ticket: Ticket, author, body: str, files, from_staff: bool) -> TicketMessage:
    if not body.strip():
        raise PartnerRefused(_("Write a message."))
    try:
        check_attachments(files)
    except ValidationError as error:
        raise PartnerRefused(error.messages[0]) from error
    message = TicketMessage.objects.create(ticket=ticket, author=author, body=body.strip(), from_staff=from_staff)
    for file in files:
        name = get_valid_filename(PurePosixPath(file.name).name)[:200]
        TicketAttachment.objects.create(message=message, file=file, name=name, size=file.size)
    return message


@transaction.atomic
def open_ticket(*, partner, subject: str, body: str, files=()) -> Ticket:
    if not subject.strip():
        raise PartnerRefused(_("Give the ticket a subject."))
    ticket = Ticket.objects.create(partner=partner, subject=subject.strip())
    message = _add_message(ticket=ticket, author=partner, body=body, files=files, from_staff=False)
    _tell_admins(ticket, message)
    return ticket


@transaction.atomic
def partner_reply(*, ticket: Ticket, partner, body: str, files=()) -> TicketMessage:
    """The partner writes; the ticket is the admins' to answer again (open), even when it was closed."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk, partner=partner)
    message = _add_message(ticket=ticket, author=partner, body=body, files=files, from_staff=False)
    ticket.status = Ticket.Status.OPEN
    ticket.save(update_fields=["status", "updated_at"])
    _tell_admins(ticket, message)
    return message


@transaction.atomic
def admin_reply(*, ticket: Ticket, admin, body: str, status: str = Ticket.Status.WAITING, files=()) -> TicketMessage:
    """An admin answers; the ticket waits on the partner, or is closed with this answer."""
    if status not in {Ticket.Status.WAITING, Ticket.Status.CLOSED}:
        raise PartnerRefused(_("After a reply the ticket waits on the partner or is closed."))
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    message = _add_message(ticket=ticket, author=admin, body=body, files=files, from_staff=True)
    ticket.status = status
    ticket.save(update_fields=["status", "updated_at"])
    audit.record(actor=admin, action="partners.ticket_answered", target=ticket, status=status)
    tell(
        ticket.partner,
        kind="partners.ticket",
        words=lambda: (_("Reply to your ticket “%(subject)s”") % {"subject": ticket.subject}, message.body),
        url=reverse("partners:ticket", args=[ticket.pk]),
        dedupe_key=f"partners:ticket-message:{message.pk}",
    )
    return message


@transaction.atomic
def set_status(*, ticket: Ticket, admin, status: str) -> Ticket:
    if status not in Ticket.Status.values:
        raise PartnerRefused(_("Choose a status."))
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status != status:
        ticket.status = status
        ticket.save(update_fields=["status", "updated_at"])
        audit.record(actor=admin, action="partners.ticket_status", target=ticket, status=status)
    return ticket


def _tell_admins(ticket: Ticket, message: TicketMessage) -> None:
    tell_admins(
        kind="partners.ticket",
        words=lambda: (
            _("Ticket from %(partner)s: %(subject)s") % {"partner": ticket.partner.name, "subject": ticket.subject},
            message.body,
        ),
        url=reverse("partners_admin:ticket", args=[ticket.pk]),
        dedupe_key=f"partners:ticket-message:{message.pk}",
    )
