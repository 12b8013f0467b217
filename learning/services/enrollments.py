"""Enrollment services other apps call (commerce, scheduling, admin screens)."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

import analytics
from accounts import audit
from learning.models import Course, Enrollment

from .certificates import revoke_for_ended_enrollment

ACCESS_STATUSES = (Enrollment.Status.ACTIVE, Enrollment.Status.COMPLETED)


@transaction.atomic
def enroll(*, student, course: Course, source: str, expires_at=None) -> Enrollment:
    """Give `student` access to `course`. Idempotent: enrolling twice returns the same enrollment."""
    try:
        with transaction.atomic():
            enrollment, created = Enrollment.objects.select_for_update().get_or_create(
                student=student,
                course=course,
                defaults={"source": source, "enrolled_at": timezone.now(), "expires_at": expires_at},
            )
    except IntegrityError:  # a concurrent enroll won the race
        enrollment, created = Enrollment.objects.select_for_update().get(student=student, course=course), False
    if not created and enrollment.status not in ACCESS_STATUSES:
        enrollment.status = Enrollment.Status.ACTIVE
        enrollment.source = source
        enrollment.enrolled_at = timezone.now()
        enrollment.ended_at = None
        enrollment.expires_at = expires_at
        enrollment.last_active_at = None  # active again from now on, as far as the inactivity emails go
        enrollment.save(
            update_fields=["status", "source", "enrolled_at", "ended_at", "expires_at", "last_active_at", "updated_at"]
        )
        created = True
    if created:
        audit.record(actor=None, action="learning.enrolled", target=enrollment, subject_id=student.pk, source=source)
        analytics.track("enrolled", user=student, course=course.pk, source=source)
    return enrollment


@transaction.atomic
def revoke_enrollment(*, enrollment: Enrollment, status: str = Enrollment.Status.REVOKED) -> Enrollment:
    """End access (refund, revocation, expiry), and with a refund or a revocation the certificate, in the same
    transaction. Idempotent: an ended enrollment stays as it is."""
    if status not in {Enrollment.Status.REFUNDED, Enrollment.Status.REVOKED, Enrollment.Status.EXPIRED}:
        raise ValueError(f"{status!r} does not end an enrollment.")
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status in ACCESS_STATUSES:
        enrollment.status = status
        enrollment.ended_at = timezone.now()
        enrollment.save(update_fields=["status", "ended_at", "updated_at"])
        revoke_for_ended_enrollment(enrollment=enrollment, status=status)
        audit.record(
            actor=None,
            action="learning.enrollment_ended",
            target=enrollment,
            subject_id=enrollment.student_id,
            status=status,
        )
    return enrollment


def has_access(*, student, course: Course) -> bool:
    return (
        Enrollment.objects.filter(student=student, course=course, status__in=ACCESS_STATUSES)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .exists()
    )


def active_enrollment(*, student, course: Course) -> Enrollment | None:
    """The enrollment that lets `student` learn in `course` now, or None."""
    return _active_enrollments(student).filter(course=course).first()


def active_enrollment_by_slug(*, student, slug: str, with_review: bool = False) -> Enrollment | None:
    """`active_enrollment` for the course with this slug, with its course (and the student's review of it, for
    the course page), in one query (portal pages)."""
    enrollments = _active_enrollments(student).filter(course__slug=slug)
    return (enrollments.select_related("review") if with_review else enrollments).first()


def _active_enrollments(student):
    if not getattr(student, "is_authenticated", False):
        return Enrollment.objects.none()
    return (
        Enrollment.objects.filter(student=student, status__in=ACCESS_STATUSES)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .select_related("course")
    )


def expire_enrollments(*, now=None) -> int:
    """End enrollments whose `expires_at` has passed (status expired); idempotent, run daily by beat."""
    now = now or timezone.now()
    due = Enrollment.objects.filter(status__in=ACCESS_STATUSES, expires_at__isnull=False, expires_at__lte=now)
    count = 0
    for enrollment in due:
        revoke_enrollment(enrollment=enrollment, status=Enrollment.Status.EXPIRED)
        count += 1
    return count
