"""Custom bundle requests: a partner asks, the admins answer with a quote and a status; each change is emailed."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import audit
from core.money import Money

from ..models import BundleRequest
from . import PartnerRefused
from .people import tell, tell_admins


@transaction.atomic
def request_bundle(*, partner, courses, students: int, currency: str, message: str) -> BundleRequest:
    if currency not in settings.FLUENTORY_CURRENCIES:
        raise PartnerRefused(_("Choose one of the currencies we sell in."))
    if not message.strip():
        raise PartnerRefused(_("Tell us what the bundle is for."))
    bundle_request = BundleRequest.objects.create(
        partner=partner, students=students, currency=currency, message=message.strip()
    )
    bundle_request.courses.set(courses)
    tell_admins(
        kind="partners.bundle_request",
        words=lambda: (
            _("Custom bundle request from %(partner)s") % {"partner": partner.name},
            _("%(count)s students, %(currency)s.") % {"count": students, "currency": currency},
        ),
        url=reverse("partners_admin:bundle-request", args=[bundle_request.pk]),
    )
    return bundle_request


@transaction.atomic
def answer_bundle_request(
    *, bundle_request: BundleRequest, admin, status: str, answer: str, quote: Decimal | None
) -> BundleRequest:
    """The admins' answer: a status, notes for the partner and an optional quote in the request's currency."""
    bundle_request = BundleRequest.objects.select_for_update().get(pk=bundle_request.pk)
    if status not in BundleRequest.Status.values:
        raise PartnerRefused(_("Choose a status."))
    if status != BundleRequest.Status.OPEN and not answer.strip():
        raise PartnerRefused(_("Write the answer the partner will read."))
    if quote is not None:
        if quote <= 0:
            raise PartnerRefused(_("A quote is more than zero."))
        quote = Money(quote, bundle_request.currency).quantized().amount  # the currency's own steps
    changed = (status, answer.strip(), quote) != (bundle_request.status, bundle_request.answer, bundle_request.quote)
    if not changed:
        return bundle_request
    bundle_request.status, bundle_request.answer, bundle_request.quote = status, answer.strip(), quote
    bundle_request.save(update_fields=["status", "answer", "quote", "updated_at"])
    audit.record(
        actor=admin,
        action="partners.bundle_request_answered",
        target=bundle_request,
        status=status,
        quote=str(quote) if quote is not None else "",
    )
    tell(
        bundle_request.partner,
        kind="partners.bundle_request",
        words=lambda: (
            _("Your custom bundle request: %(status)s") % {"status": bundle_request.get_status_display()},
            bundle_request.answer,
        ),
        url=reverse("partners:bundle-request", args=[bundle_request.pk]),
    )
    return bundle_request
