"""What admins do from the Wagtail admin: decide on teachers' changes, course status and visibility,
clone courses, lock lessons, enroll and unenroll by hand."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts import audit
from learning.models import ChangeRequest, Course, Enrollment, Lesson, LessonLock, Module, Quiz
from notifications.services import notify

from .authoring import CONTENT_MODELS, unique_slug
from .enrollments import enroll, revoke_enrollment
from .errors import LearningError, NotAllowed


def _tell_teachers(course: Course, kind: str, text, key: str) -> None:
    """`text` is called in each teacher's language and answers (title, body)."""
    for teacher in course.teachers.all():
        with override(teacher.preferred_language):
            url = reverse("learning:builder", kwargs={"pk": course.pk})
            title, body = text()
            notify(teacher, kind, str(title), str(body), url=url, dedupe_key=key)


@transaction.atomic
def approve_changes(*, change_request: ChangeRequest, admin, comment: str = "") -> ChangeRequest:
    """Publish exactly the revisions the teacher submitted; a published course stays published."""
    request = ChangeRequest.objects.select_for_update().select_related("course").get(pk=change_request.pk)
    if request.status != ChangeRequest.Status.PENDING:
        raise LearningError(_("This request was already decided."))
    from wagtail.models import Revision

    for item in request.items:
        model = CONTENT_MODELS[item["model"]]
        obj = model.objects.filter(pk=item["id"]).first()
        revision = Revision.objects.filter(pk=item["revision"]).first()
        if obj is None or revision is None:
            continue  # deleted since: nothing to publish
        revision.publish(user=admin, skip_permission_checks=True)
    course = request.course
    if course.status in (Course.Status.DRAFT, Course.Status.IN_REVIEW):
        course.status = Course.Status.PUBLISHED
        course.save(update_fields=["status", "updated_at"])
    request.status = ChangeRequest.Status.APPROVED
    request.decided_by, request.decided_at, request.comment = admin, timezone.now(), comment
    request.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    audit.record(actor=admin, action="learning.changes_approved", target=course, request=request.pk, comment=comment)
    _tell_teachers(
        course,
        "learning.changes_approved",
        lambda: (
            _("Your changes to “%(course)s” are live") % {"course": course.title},
            comment or _("An admin approved your changes."),
        ),
        f"learning:review-decided:{request.pk}",
    )
    return request


@transaction.atomic
def reject_changes(*, change_request: ChangeRequest, admin, comment: str) -> ChangeRequest:
    """Send the changes back with a comment; nothing goes live and the teacher's drafts stay as they are."""
    if not comment.strip():
        raise LearningError(_("Say what needs to change: a comment is required to reject."))
    request = ChangeRequest.objects.select_for_update().select_related("course").get(pk=change_request.pk)
    if request.status != ChangeRequest.Status.PENDING:
        raise LearningError(_("This request was already decided."))
    course = request.course
    if course.status == Course.Status.IN_REVIEW:
        course.status = Course.Status.DRAFT
        course.save(update_fields=["status", "updated_at"])
    request.status = ChangeRequest.Status.REJECTED
    request.decided_by, request.decided_at, request.comment = admin, timezone.now(), comment
    request.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    audit.record(actor=admin, action="learning.changes_rejected", target=course, request=request.pk, comment=comment)
    _tell_teachers(
        course,
        "learning.changes_rejected",
        lambda: (_("Changes requested on “%(course)s”") % {"course": course.title}, comment),
        f"learning:review-decided:{request.pk}",
    )
    return request


@transaction.atomic
def set_status(*, courses, status: str, admin) -> int:
    """Bulk publish, archive or restore (archived -> published)."""
    if status not in Course.Status.values:
        raise LearningError(_("Unknown status."))
    changed = 0
    for course in Course.objects.select_for_update().filter(pk__in=[c.pk for c in courses]):
        if course.status != status:
            audit.record(actor=admin, action="learning.course_status", target=course, old=course.status, new=status)
            course.status = status
            course.save(update_fields=["status", "updated_at"])
            changed += 1
    return changed


@transaction.atomic
def set_visibility(*, courses, visibility: str, admin) -> int:
    if visibility not in Course.Visibility.values:
        raise LearningError(_("Unknown visibility."))
    changed = 0
    for course in Course.objects.select_for_update().filter(pk__in=[c.pk for c in courses]):
        if course.visibility != visibility:
            audit.record(actor=admin, action="learning.course_visibility", target=course, new=visibility)
            course.visibility = visibility
            course.save(update_fields=["visibility", "updated_at"])
            changed += 1
    return changed


def _copy(obj, **overrides):
    """A fresh draft copy of a content row, taken from its latest version."""
    source = obj.get_latest_revision_as_object()
    copy = type(obj)(
        **{
            f.attname: getattr(source, f.attname)
            for f in type(obj)._meta.concrete_fields
            if f.attname
            not in {
                "id",
                "latest_revision_id",
                "live_revision_id",
                "live",
                "has_unpublished_changes",
                "first_published_at",
                "last_published_at",
                "go_live_at",
                "expire_at",
                "expired",
            }
        }
    )
    for name, value in overrides.items():
        setattr(copy, name, value)
    copy.live, copy.has_unpublished_changes = True, False
    copy.save()
    return copy


@transaction.atomic
def clone_course(*, course: Course, admin, title: str | None = None) -> Course:
    """A new draft course with the same teachers, modules, lessons and quizzes (their latest versions)."""
    new_title = title or _("%(title)s (copy)") % {"title": course.title}
    clone = Course.objects.create(
        title=new_title,
        slug=unique_slug(new_title),
        summary=course.summary,
        language=course.language,
        level=course.level,
        custom_level=course.custom_level,
        course_type=course.course_type,
        cover_image=course.cover_image,
        estimated_hours=course.estimated_hours,
        visibility=course.visibility,
        status=Course.Status.DRAFT,
        cloned_from=course,
    )
    clone.teachers.set(course.teachers.all())
    for module in Module.objects.filter(course=course, retired=False):
        new_module = _copy(module, course_id=clone.pk)
        module_quiz = Quiz.objects.filter(module=module, retired=False).first()
        if module_quiz:
            _copy(module_quiz, course_id=clone.pk, module_id=new_module.pk, lesson_id=None)
        for lesson in Lesson.objects.filter(module=module, retired=False):
            new_lesson = _copy(lesson, course_id=clone.pk, module_id=new_module.pk)
            lesson_quiz = Quiz.objects.filter(lesson=lesson, retired=False).first()
            if lesson_quiz:
                _copy(lesson_quiz, course_id=clone.pk, lesson_id=new_lesson.pk, module_id=None)
    audit.record(actor=admin, action="learning.course_cloned", target=clone, source=course.pk)
    return clone


@transaction.atomic
def lock_lessons(*, admin, reason: str, course: Course | None = None, lesson: Lesson | None = None) -> LessonLock:
    if not reason.strip():
        raise LearningError(_("Give the reason students will see."))
    if course and lesson:
        raise LearningError(_("Lock a course or a lesson, not both."))
    lock = LessonLock.objects.create(course=course, lesson=lesson, reason=reason.strip(), created_by=admin)
    audit.record(actor=admin, action="learning.lessons_locked", target=lock, scope=lock.scope, reason=reason)
    return lock


@transaction.atomic
def unlock_lessons(*, admin, lock: LessonLock) -> None:
    audit.record(actor=admin, action="learning.lessons_unlocked", target=lock, scope=lock.scope)
    lock.delete()


@transaction.atomic
def grant_enrollment(*, admin, student, course: Course) -> Enrollment:
    if not student.is_student:
        raise NotAllowed(_("%(name)s is not a student.") % {"name": student.name})
    enrollment = enroll(student=student, course=course, source=Enrollment.Source.ADMIN)
    audit.record(actor=admin, action="learning.enrollment_granted", target=enrollment)
    with override(student.preferred_language):
        notify(
            student,
            "learning.enrolled",
            _("You are enrolled in “%(course)s”") % {"course": course.title},
            _("Open My learning to start."),
            url=reverse("learning:student-home"),
            dedupe_key=f"learning:enrolled:{enrollment.pk}:{enrollment.enrolled_at.timestamp()}",
        )
    return enrollment


@transaction.atomic
def remove_enrollment(*, admin, enrollment: Enrollment) -> Enrollment:
    enrollment = revoke_enrollment(enrollment=enrollment, status=Enrollment.Status.REVOKED)
    audit.record(actor=admin, action="learning.enrollment_revoked", target=enrollment)
    return enrollment
