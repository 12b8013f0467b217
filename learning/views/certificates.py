"""Certificates: the student's list, download and share links (/learn/), and the public pages anyone reaches
from a QR code or a shared link (/certificates/)."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

import analytics
from accounts.models import Role
from accounts.permissions import role_required
from learning import certificate_documents, certificate_sharing, selectors
from learning.models import Certificate

PER_PAGE = 20
SHARE_CHANNELS = ("linkedin", "page")
JSON_LD = "application/ld+json"


def _own_certificate(request, code) -> Certificate:
    certificate = get_object_or_404(Certificate.objects.select_related("enrollment__course"), code=code)
    if certificate.enrollment.student_id != request.user.pk:
        raise PermissionDenied(_("This certificate belongs to someone else."))
    return certificate


@role_required(Role.STUDENT)
def student_certificates(request):
    """Students: their own certificates, newest first, with download and share links."""
    page = Paginator(selectors.certificates_of(student=request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "learning/certificates/list.html", {"page": page})


@role_required(Role.STUDENT, Role.ADMIN)
def certificate_pdf(request, code):
    """The holder, or an admin: download the certificate as a PDF."""
    certificate = get_object_or_404(Certificate.objects.select_related("enrollment__course"), code=code)
    if certificate.enrollment.student_id != request.user.pk and not request.user.has_role(Role.ADMIN):
        raise PermissionDenied(_("This certificate belongs to someone else."))
    response = HttpResponse(certificate_documents.pdf_for(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="fluentory-certificate-{certificate.code}.pdf"'
    return response


@require_POST
@role_required(Role.STUDENT)
def share(request, code, channel):
    """The holder: share on LinkedIn or by the public share page (recorded, then sent there)."""
    if channel not in SHARE_CHANNELS:
        raise Http404(_("Unknown way of sharing."))
    certificate = _own_certificate(request, code)
    if certificate.is_revoked:
        messages.error(request, _("A revoked certificate cannot be shared."))
        return redirect("learning:certificates")
    analytics.track("certificate_shared", user=request.user, certificate=certificate.code, channel=channel)
    if channel == "linkedin":
        return redirect(certificate_sharing.linkedin_url(certificate))
    return redirect("learning:certificate-share", code=certificate.code)


def _facts_or_404(code):
    facts = certificate_sharing.verification_facts(code=code)
    if facts is None:
        raise Http404(_("No certificate has this verification code."))
    return facts


def _wants_json(request) -> bool:
    accept = request.headers.get("Accept", "")
    return JSON_LD in accept or ("application/json" in accept and "text/html" not in accept)


@require_GET
@vary_on_headers("Accept")
def verify(request, code):
    """Anyone: whether the certificate is valid, or revoked and when; JSON-LD (Open Badges 3.0) when asked for."""
    facts = _facts_or_404(code)
    if _wants_json(request):
        return _json_ld(certificate_sharing.open_badge(facts))
    return render(request, "learning/certificates/verify.html", _public_context(facts))


@require_GET
def credential(request, code):
    """Anyone: the certificate as an Open Badges 3.0 credential (JSON-LD)."""
    return _json_ld(certificate_sharing.open_badge(_facts_or_404(code)))


@require_GET
def status(request, code):
    """Anyone: the revocation list the credential's status points to."""
    return _json_ld(certificate_sharing.revocation_list(_facts_or_404(code)), content_type="application/json")


@require_GET
def share_page(request, code):
    """Anyone: the page a shared link opens, with Open Graph tags and the certificate's picture."""
    return render(request, "learning/certificates/share.html", _public_context(_facts_or_404(code)))


@require_GET
@cache_control(public=True, max_age=86400)
def share_image(request, code):
    """Anyone: the certificate's 1200 by 630 picture for link previews (rendered once, then stored)."""
    certificate = get_object_or_404(Certificate.objects.select_related("enrollment__course"), code=code)
    return HttpResponse(certificate_documents.share_image_for(certificate), content_type="image/png")


def _public_context(facts: dict) -> dict:
    code = facts["code"]
    return {
        "facts": facts,
        "level": certificate_sharing.level_shown(facts),
        "issued_at": certificate_sharing.as_datetime(facts["issued_at"]),
        "revoked_at": certificate_sharing.as_datetime(facts["revoked_at"]),
        "verify_url": certificate_documents.verify_url(code),
        "share_url": certificate_sharing.share_url(code),
        "share_image_url": certificate_sharing.share_image_url(code),
    }


def _json_ld(data: dict, content_type: str = JSON_LD) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"  # verifiers and wallets read it from other sites
    return response
