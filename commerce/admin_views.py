"""Back-office screens that are more than a model form: the price grid, refund decisions, gift refunds. Admins only."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from core.money import Money

from . import policy, pricing
from .models import CoursePrice, Gift, RefundRequest
from .selectors import catalogue_courses
from .services import refunds


def _require_admin(request):
    if not (request.user.is_authenticated and request.user.has_role(Role.ADMIN)):
        raise PermissionDenied(_("This area is for: %(roles)s.") % {"roles": Role.ADMIN.label})


def price_grid(request):
    """Admins: every course in every currency, set by an admin or derived (and from what)."""
    _require_admin(request)
    from learning.models import Course

    courses = Course.objects.order_by("title", "pk")
    page = Paginator(courses, 50).get_page(request.GET.get("page"))
    course_list = list(page.object_list)
    offers = {code: pricing.offers_for(courses=course_list, currency=code) for code in settings.FLUENTORY_CURRENCIES}
    price_ids = {
        (row.course_id, row.currency): row.pk
        for row in CoursePrice.objects.filter(course__in=course_list).only("pk", "course_id", "currency")
    }
    rows = [
        {
            "course": course,
            "cells": [
                {"currency": code, "offer": offers[code].get(course.pk), "price_id": price_ids.get((course.pk, code))}
                for code in settings.FLUENTORY_CURRENCIES
            ],
        }
        for course in course_list
    ]
    return render(
        request,
        "commerce/admin/price_grid.html",
        {
            "page_title": _("Course prices"),
            "header_icon": "tag",
            "rows": rows,
            "page": page,
            "currencies": settings.FLUENTORY_CURRENCIES,
            "base_currency": settings.COMMERCE_BASE_CURRENCY,
            "published": catalogue_courses().count(),
        },
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", gettext_lazy("Approve what the policy allows")),
            ("override", gettext_lazy("Override: refund this amount")),
            ("reject", gettext_lazy("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    amount = forms.CharField(label=gettext_lazy("Amount (for an override)"), required=False)
    note = forms.CharField(
        label=gettext_lazy("Reason (shown to the student; required to override or reject)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def refund_requests(request):
    """Admins: refund requests waiting for a decision, newest first, and recent decisions."""
    _require_admin(request)
    waiting = (
        RefundRequest.objects.filter(status=RefundRequest.Status.REQUESTED)
        .select_related("payment__order", "student", "policy")
        .order_by("created_at")
    )
    decided = (
        RefundRequest.objects.exclude(status=RefundRequest.Status.REQUESTED)
        .select_related("payment__order", "student", "decided_by")
        .order_by("-decided_at")[:30]
    )
    return render(
        request,
        "commerce/admin/refund_requests.html",
        {
            "page_title": _("Refund requests"),
            "header_icon": "undo",
            "waiting": waiting,
            "decided": decided,
        },
    )


def decide_refund(request, pk):
    """Admins: approve, override (full or partial, with a reason) or reject one request."""
    _require_admin(request)
    refund_request = get_object_or_404(RefundRequest.objects.select_related("payment__order", "student"), pk=pk)
    payment = refund_request.payment
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "reject":
                refunds.reject(refund_request=refund_request, admin=request.user, note=data["note"])
                messages.success(request, _("The request was rejected."))
            else:
                amount = None
                if data["decision"] == "override":
                    try:
                        amount = Money(Decimal(data["amount"].strip()), payment.currency)
                    except (InvalidOperation, ValueError):
                        raise refunds.RefundRefused(_("Enter the amount as a number, e.g. 49.50.")) from None
                refund = refunds.approve(
                    refund_request=refund_request, admin=request.user, amount=amount, note=data["note"]
                )
                messages.success(request, _("Refunded %(amount)s.") % {"amount": refund.money.format()})
            return redirect("commerce_refund_requests:index")
        except refunds.RefundRefused as exc:
            form.add_error(None, str(exc))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "commerce/admin/decide_refund.html",
        {
            "page_title": _("Refund request for %(order)s") % {"order": payment.order.reference},
            "header_icon": "undo",
            "item": refund_request,
            "payment": payment,
            "form": form,
            "decision": policy.evaluate(payment=payment),
            "refunded": Money(policy.refunded_total(payment), payment.currency),
        },
        status=status,
    )


class GiftRefundForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


def refund_gift(request, pk):
    """Admins: refund what is left of a gift's payment; a redeemed gift's recipient loses what it gave them with it
    (the course, the package's unused credits, or the account credit it became)."""
    _require_admin(request)
    gift = get_object_or_404(Gift.objects.select_related("course", "package", "buyer", "redeemed_by"), pk=pk)
    line = gift.order_lines.select_related("order__payment").filter(order__status="paid").first()
    payment = line.order.payment if line else None
    if payment is None:
        raise Http404
    remaining = Money(payment.amount - policy.refunded_total(payment), payment.currency)
    form = GiftRefundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            refund = refunds.issue_refund(
                payment=payment, amount=remaining, reason=form.cleaned_data["note"], actor=request.user
            )
        except refunds.RefundRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Refunded %(amount)s.") % {"amount": refund.money.format()})
            return redirect("commerce_gifts:index")
    return render(
        request,
        "commerce/admin/refund_gift.html",
        {
            "page_title": _("Refund the gift %(gift)s") % {"gift": gift},
            "header_icon": "undo",
            "gift": gift,
            "payment": payment,
            "remaining": remaining,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
