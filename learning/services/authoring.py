"""Teachers building courses. A teacher who may publish lessons changes live content at once; any other
teacher's changes are saved as Wagtail revisions and stay invisible to students until an admin approves them."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts import audit
from learning.models import ChangeRequest, Course, Lesson, Module, Quiz
from notifications.services import notify

from .errors import NotAllowed, NothingToSubmit

CONTENT_MODELS = {"module": Module, "lesson": Lesson, "quiz": Quiz}


def can_publish(user) -> bool:
    if user.is_superuser or getattr(user, "is_admin", False):
        return True
    profile = getattr(user, "teacher_profile", None)
    return bool(profile and profile.can_publish_lessons)


def can_create_courses(user) -> bool:
    if user.is_superuser or getattr(user, "is_admin", False):
        return True
    profile = getattr(user, "teacher_profile", None)
    return bool(profile and profile.can_create_courses)


def teaches(user, course: Course) -> bool:
    return course.teachers.filter(pk=user.pk).exists()


def ensure_teaches(user, course: Course) -> None:
    if not teaches(user, course):
        raise NotAllowed(_("You do not teach this course."))


def unique_slug(title: str) -> str:
    base = slugify(title, allow_unicode=False)[:180] or "course"
    slug, n = base, 2
    while Course.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_course(*, teacher, **fields) -> Course:
    if not can_create_courses(teacher):
        raise NotAllowed(_("Your teacher profile does not allow creating courses; ask an admin."))
    course = Course(**fields, status=Course.Status.DRAFT)
    course.slug = course.slug or unique_slug(course.title)
    course.full_clean()
    course.save()
    course.teachers.add(teacher)
    audit.record(actor=teacher, action="learning.course_created", target=course)
    return course


def draft_of(obj):
    """The version a teacher edits: the latest revision, or the row when there are no pending changes."""
    return obj.get_latest_revision_as_object()


@transaction.atomic
def save_content(*, obj, user):
    """Save a module, lesson or quiz edited by `user` (a teacher of its course, or an admin)."""
    publisher = can_publish(user)
    if obj.pk is None:
        obj.live = publisher
        obj.has_unpublished_changes = not publisher
        obj.full_clean()
        obj.save()
        revision = obj.save_revision(user=user, log_action=True, changed=not publisher)
        if publisher:
            revision.publish(user=user, skip_permission_checks=True)
        return obj
    revision = obj.save_revision(user=user, log_action=True)
    if publisher:
        revision.publish(user=user, skip_permission_checks=True)
        obj.refresh_from_db()
    return obj


@transaction.atomic
def remove_content(*, obj, user) -> None:
    """Remove a module, lesson or quiz. Never-approved drafts go at once; approved content is marked
    removed in a new revision, which follows the same approval path as any other change."""
    if not obj.live and obj.first_published_at is None:
        obj.delete()
        return
    draft = draft_of(obj)
    draft.retired = True
    save_content(obj=draft, user=user)


@transaction.atomic
def move(*, obj, user, up: bool) -> None:
    """Swap `obj` with its neighbour (in the draft order) among its siblings."""
    draft = draft_of(obj)
    siblings = _draft_siblings(draft)
    index = next(i for i, s in enumerate(siblings) if s.pk == draft.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(siblings):
        return
    for position, sibling in enumerate(siblings):
        sibling.sort_order = position
    siblings[index].sort_order, siblings[other_index].sort_order = other_index, index
    for sibling in siblings:
        current = type(sibling).objects.get(pk=sibling.pk)
        if draft_of(current).sort_order != sibling.sort_order:
            save_content(obj=sibling, user=user)


def _draft_siblings(draft):
    if isinstance(draft, Module):
        rows = Module.objects.filter(course_id=draft.course_id)
    else:
        rows = Lesson.objects.filter(module_id=draft.module_id)
    drafts = [d for d in (draft_of(row) for row in rows) if not d.retired]
    if isinstance(draft, Lesson):
        drafts = [d for d in drafts if d.module_id == draft.module_id]
    return sorted(drafts, key=lambda d: (d.sort_order, d.pk))


def pending_items(*, course: Course) -> list[dict]:
    items = []
    for kind, model in CONTENT_MODELS.items():
        for obj in model.objects.filter(course=course, has_unpublished_changes=True).select_related("latest_revision"):
            draft = draft_of(obj)
            if not obj.live and draft.retired:
                continue
            items.append(
                {
                    "model": kind,
                    "id": obj.pk,
                    "revision": obj.latest_revision_id,
                    "title": draft.title,
                    "new": not obj.live,
                    "removed": bool(draft.retired),
                }
            )
    return items


@transaction.atomic
def submit_for_review(*, course: Course, teacher, note: str = "") -> ChangeRequest | None:
    """Send the course's unapproved changes to the admins. Teachers who may publish publish directly."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    ensure_teaches(teacher, course)
    if course.status == Course.Status.ARCHIVED:
        raise NotAllowed(_("This course is archived; ask an admin to restore it first."))
    items = pending_items(course=course)
    if can_publish(teacher):
        for item in items:
            obj = CONTENT_MODELS[item["model"]].objects.get(pk=item["id"])
            obj.latest_revision.publish(user=teacher, skip_permission_checks=True)
        if course.status in (Course.Status.DRAFT, Course.Status.IN_REVIEW):
            course.status = Course.Status.PUBLISHED
            course.save(update_fields=["status", "updated_at"])
        audit.record(actor=teacher, action="learning.course_published", target=course, items=len(items))
        return None
    if not items and course.status != Course.Status.DRAFT:
        raise NothingToSubmit(_("There are no unapproved changes to submit."))
    now = timezone.now()
    request = ChangeRequest.objects.filter(course=course, status=ChangeRequest.Status.PENDING).first()
    if request:
        request.items, request.note, request.submitted_at, request.submitted_by = items, note, now, teacher
        request.save(update_fields=["items", "note", "submitted_at", "submitted_by"])
    else:
        request = ChangeRequest.objects.create(
            course=course, submitted_by=teacher, submitted_at=now, note=note, items=items
        )
    if course.status == Course.Status.DRAFT:
        course.status = Course.Status.IN_REVIEW
        course.save(update_fields=["status", "updated_at"])
    audit.record(actor=teacher, action="learning.changes_submitted", target=course, items=len(items))
    from accounts.models import User

    for admin in User.objects.filter(is_admin=True, is_active=True):
        with override(admin.preferred_language):
            notify(
                admin,
                "learning.review_requested",
                _("Course changes to review: %(course)s") % {"course": course.title},
                _("%(teacher)s submitted %(count)s change(s).") % {"teacher": teacher.name, "count": len(items)},
                url=reverse("learning_admin:review", args=[request.pk]),
                dedupe_key=f"learning:review:{request.pk}:{now.timestamp()}",
            )
    return request
