"""Tickets in the partner portal (a partner's own only), and their attachments for the partner and the admins."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from accounts.permissions import role_required

from .attachments import content_type_of
from .forms import TicketForm, TicketMessageForm
from .models import Ticket, TicketAttachment
from .services import PartnerRefused
from .services import tickets as service

PER_PAGE = 20


@role_required(Role.PARTNER)
def ticket_list(request):
    tickets = Ticket.objects.filter(partner=request.user)
    page = Paginator(tickets, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "partners/tickets.html", {"page": page})


@role_required(Role.PARTNER)
@require_http_methods(["GET", "POST"])
def ticket_create(request):
    form = TicketForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = service.open_ticket(
                partner=request.user, subject=data["subject"], body=data["body"], files=data["attachments"]
            )
        except PartnerRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Ticket sent. We email you when the admins reply."))
            return redirect("partners:ticket", ticket.pk)
    return render(request, "partners/ticket_form.html", {"form": form}, status=400 if form.errors else 200)


@role_required(Role.PARTNER)
@require_http_methods(["GET", "POST"])
def ticket_detail(request, pk):
    ticket = get_object_or_404(Ticket, pk=pk, partner=request.user)
    form = TicketMessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.partner_reply(
                ticket=ticket,
                partner=request.user,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except PartnerRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Reply sent."))
            return redirect("partners:ticket", ticket.pk)
    thread = ticket.messages.select_related("author").prefetch_related("attachments")
    return render(
        request,
        "partners/ticket_detail.html",
        {"ticket": ticket, "thread": thread, "form": form},
        status=400 if form.errors else 200,
    )


@role_required(Role.PARTNER, Role.ADMIN)
def attachment_download(request, pk):
    """The ticket's partner or an admin: the file as a download, never shown inline."""
    attachment = get_object_or_404(TicketAttachment.objects.select_related("message__ticket"), pk=pk)
    ticket = attachment.message.ticket
    if not (request.user.has_role(Role.ADMIN) or ticket.partner_id == request.user.pk):
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=content_type_of(attachment.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
