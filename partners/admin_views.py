"""Wagtail admin screens where admins answer partners: cohort requests, custom bundle requests, tickets.

Admins only (Role.ADMIN or superuser); every decision goes through partners.services, which audits it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import require_admin

from .forms import AdminReplyForm, BundleAnswerForm, CohortDecisionForm
from .models import BundleRequest, Cohort, Ticket
from .services import PartnerRefused, bundle_requests, cohorts, tickets

PER_PAGE = 30


def _filtered_page(request, queryset, statuses):
    """The page asked for, of `queryset` narrowed to the `status` in the query string when it is a known one."""
    status = request.GET.get("status", "")
    if status in dict(statuses):
        queryset = queryset.filter(status=status)
    else:
        status = ""
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page")), status


def cohort_list(request):
    require_admin(request)
    queryset = (
        Cohort.objects.select_related("partner__partner_profile")
        .annotate(member_count=Count("members"))
        .order_by("-created_at")
    )
    page, status = _filtered_page(request, queryset, Cohort.Status.choices)
    return TemplateResponse(
        request,
        "partners/admin/cohorts.html",
        {"page": page, "status": status, "statuses": Cohort.Status.choices},
    )


@require_http_methods(["GET", "POST"])
def cohort_review(request, pk):
    """Approve a cohort with the seats granted, or decline it with a reason; the partner is emailed either way."""
    require_admin(request)
    cohort = get_object_or_404(Cohort.objects.select_related("partner__partner_profile"), pk=pk)
    form = CohortDecisionForm(request.POST or None, initial={"seats": cohort.seats_requested})
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST["decision"] == "approve":
                cohorts.approve_cohort(cohort=cohort, admin=request.user, seats=form.cleaned_data["seats"])
                messages.success(request, _("Cohort approved; the partner has been told."))
            else:
                cohorts.decline_cohort(cohort=cohort, admin=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Cohort declined; the partner has been told why."))
        except PartnerRefused as error:
            form.add_error(None, error.message)
        else:
            return redirect("partners_admin:cohorts")
    return TemplateResponse(
        request,
        "partners/admin/cohort_review.html",
        {"cohort": cohort, "courses": cohort.courses.all(), "form": form, "member_count": cohort.members.count()},
        status=400 if form.errors else 200,
    )


def bundle_request_list(request):
    require_admin(request)
    queryset = BundleRequest.objects.select_related("partner__partner_profile")
    page, status = _filtered_page(request, queryset, BundleRequest.Status.choices)
    return TemplateResponse(
        request,
        "partners/admin/bundle_requests.html",
        {"page": page, "status": status, "statuses": BundleRequest.Status.choices},
    )


@require_http_methods(["GET", "POST"])
def bundle_request_answer(request, pk):
    require_admin(request)
    bundle_request = get_object_or_404(BundleRequest.objects.select_related("partner__partner_profile"), pk=pk)
    form = BundleAnswerForm(
        request.POST or None,
        initial={"status": bundle_request.status, "quote": bundle_request.quote, "answer": bundle_request.answer},
    )
    if request.method == "POST" and form.is_valid():
        try:
            bundle_requests.answer_bundle_request(
                bundle_request=bundle_request, admin=request.user, **form.cleaned_data
            )
        except PartnerRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Answer saved; the partner has been told."))
            return redirect("partners_admin:bundle-requests")
    return TemplateResponse(
        request,
        "partners/admin/bundle_request.html",
        {"bundle_request": bundle_request, "courses": bundle_request.courses.all(), "form": form},
        status=400 if form.errors else 200,
    )


def ticket_list(request):
    require_admin(request)
    queryset = (
        Ticket.objects.select_related("partner__partner_profile")
        .annotate(message_count=Count("messages"))
        .order_by("-updated_at")
    )
    page, status = _filtered_page(request, queryset, Ticket.Status.choices)
    return TemplateResponse(
        request,
        "partners/admin/tickets.html",
        {"page": page, "status": status, "statuses": Ticket.Status.choices},
    )


@require_http_methods(["GET", "POST"])
def ticket_thread(request, pk):
    """One ticket's thread with a reply form; a reply leaves it waiting on the partner, or closes it."""
    require_admin(request)
    ticket = get_object_or_404(Ticket.objects.select_related("partner__partner_profile"), pk=pk)
    form = AdminReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "reopen" in request.POST:
        tickets.set_status(ticket=ticket, admin=request.user, status=Ticket.Status.OPEN)
        messages.success(request, _("Ticket reopened."))
        return redirect("partners_admin:ticket", ticket.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tickets.admin_reply(
                ticket=ticket, admin=request.user, body=data["body"], status=data["status"], files=data["attachments"]
            )
        except PartnerRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Reply sent to the partner."))
            return redirect("partners_admin:ticket", ticket.pk)
    thread = ticket.messages.select_related("author").prefetch_related("attachments")
    return TemplateResponse(
        request,
        "partners/admin/ticket.html",
        {"ticket": ticket, "thread": thread, "form": form},
        status=400 if form.errors else 200,
    )
