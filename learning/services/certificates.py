"""Certificates: issued once per completed enrollment (or by a teacher allowed to), revoked with a reason."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

import analytics
from accounts import audit
from accounts.models import TeacherProfile
from learning.models import Certificate, Enrollment, Level
from notifications.services import notify

from .authoring import teaches
from .errors import LearningError, NotAllowed

VERIFY_CACHE_PREFIX = "learning:certificate-verify"


class CertificateRefused(LearningError):
    status_code = 409


def can_issue(*, teacher, course) -> bool:
    """Teachers of the course whose profile an admin has marked as allowed to issue certificates."""
    allowed = TeacherProfile.objects.filter(user_id=teacher.pk, can_issue_certificates=True).exists()
    return allowed and teaches(teacher, course)


@transaction.atomic
def issue_certificate(*, enrollment: Enrollment, issued_by=None) -> Certificate:
    """The enrollment's certificate, issued once: a second call, even at the same moment, returns the first.

    Without `issued_by` (on completion) the enrollment must be completed; a teacher issues for any enrollment that
    still gives access."""
    existing = Certificate.objects.filter(enrollment_id=enrollment.pk).first()
    if existing is not None:
        return existing
    enrollment = Enrollment.objects.select_related("course", "student").get(pk=enrollment.pk)
    if issued_by is None and enrollment.status != Enrollment.Status.COMPLETED:
        raise CertificateRefused(_("The course is not completed yet."))
    if not enrollment.grants_access:
        raise CertificateRefused(_("This enrollment has ended; no certificate can be issued for it."))
    course, student = enrollment.course, enrollment.student
    language = student.preferred_language or "en"
    from learning.certificate_documents import template_for

    template = template_for(course=course, language=language)
    with override(language):
        teachers = [issued_by] if issued_by is not None else course.teachers.order_by("display_name")
        fields = {
            "template": template if template.pk else None,
            "language": language,
            "holder_name": student.name,
            "course_title": course.title,
            "level": str(course.level_label),
            "level_code": "" if course.level == Level.CUSTOM else course.level,
            "hours": course.estimated_hours,
            "teacher_name": ", ".join(teacher.name for teacher in teachers),
            "issued_at": timezone.now(),
            "issued_by": issued_by,
        }
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(enrollment=enrollment, **fields)
    except IntegrityError:  # another worker issued it first
        return Certificate.objects.get(enrollment_id=enrollment.pk)
    analytics.track(
        "certificate_issued",
        user=student,
        course=course.pk,
        certificate=certificate.code,
        by="teacher" if issued_by else "completion",
    )
    with override(language):
        notify(
            student,
            "learning.certificate_issued",
            _("Your certificate for “%(course)s”") % {"course": course.title},
            _("Download it, share it and add it to your LinkedIn profile. Anyone can verify it from its QR code."),
            url=reverse("learning:certificates"),
            dedupe_key=f"learning:certificate:{enrollment.pk}",
        )
    transaction.on_commit(lambda: _render_documents_later(certificate.pk), robust=True)
    return certificate


def _render_documents_later(certificate_id: int) -> None:
    from learning.tasks import render_certificate_documents

    render_certificate_documents.delay(certificate_id)


@transaction.atomic
def issue_by_teacher(*, teacher, enrollment: Enrollment) -> Certificate:
    enrollment = Enrollment.objects.select_related("course").get(pk=enrollment.pk)
    if not can_issue(teacher=teacher, course=enrollment.course):
        raise NotAllowed(_("Your teacher profile does not allow issuing certificates for this course; ask an admin."))
    certificate = issue_certificate(enrollment=enrollment, issued_by=teacher)
    audit.record(actor=teacher, action="learning.certificate_issued", target=certificate)
    return certificate


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, reason: str, admin=None) -> Certificate:
    """Mark the certificate revoked (its verification address stays and says so); idempotent."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise CertificateRefused(_("Give the reason for revoking this certificate."))
    certificate = Certificate.objects.select_for_update().select_related("enrollment__student").get(pk=certificate.pk)
    if certificate.is_revoked:
        return certificate
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = admin
    certificate.revocation_reason = reason[: Certificate._meta.get_field("revocation_reason").max_length]
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    analytics.track(
        "certificate_revoked",
        user=certificate.enrollment.student,
        course=certificate.enrollment.course_id,
        certificate=certificate.code,
    )
    if admin is not None:
        audit.record(actor=admin, action="learning.certificate_revoked", target=certificate, reason=reason)
    code = certificate.code
    # Forgotten now for this transaction's readers, and again at commit for a page cached in between.
    forget_verification(code=code)
    transaction.on_commit(lambda: forget_verification(code=code), robust=True)
    return certificate


def revoke_for_ended_enrollment(*, enrollment: Enrollment, status: str) -> None:
    """A refund or an admin's revocation takes the certificate back too; an expiry leaves it valid."""
    if status == Enrollment.Status.EXPIRED:
        return
    certificate = Certificate.objects.filter(enrollment_id=enrollment.pk, revoked_at__isnull=True).first()
    if certificate is None:
        return
    reasons = {
        Enrollment.Status.REFUNDED: _("The course was refunded."),
        Enrollment.Status.REVOKED: _("Access to the course was revoked."),
    }
    with override(settings.LANGUAGE_CODE):  # the reason is for the admins' records
        reason = str(reasons[status])
    revoke_certificate(certificate=certificate, reason=reason)


def verification_cache_key(*, code: str) -> str:
    return f"{VERIFY_CACHE_PREFIX}:{code}"


def forget_verification(*, code: str) -> None:
    cache.delete(verification_cache_key(code=code))


def issue_missing(*, limit: int = 500) -> int:
    """Issue the certificates of completed enrollments that have none (a completion whose task was lost)."""
    due = Enrollment.objects.filter(status=Enrollment.Status.COMPLETED, certificates__isnull=True).order_by("pk")
    issued = 0
    for enrollment in due[:limit]:
        issue_certificate(enrollment=enrollment)
        issued += 1
    return issued
