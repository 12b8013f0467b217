"""Who may download a lesson file: the enrolled students of a course whose lessons use it, its teachers and admins
(and anyone, when a free preview lesson uses it).

A document is a lesson file when a lesson's approved content uses it (Wagtail's reference index), or when a teacher
uploaded it for a lesson (the "Lesson files" collection) and no lesson uses it yet: then only the uploader and
admins may read it. Any other document (a brochure on a public page) is public."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Collection, ReferenceIndex

from accounts.models import Role

from .models import Course, Lesson
from .services import has_access

LESSON_FILES_COLLECTION = "Lesson files"


def _lessons_using(document) -> list[int]:
    lesson_type = ContentType.objects.get_for_model(Lesson)
    lesson_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=lesson_type)
        .values_list("object_id", flat=True)
    )
    return [int(pk) for pk in lesson_ids if pk.isdigit()]


def courses_using(document) -> list[Course]:
    ids = _lessons_using(document)
    return list(Course.objects.filter(lessons__pk__in=ids).distinct()) if ids else []


def _in_a_free_preview(document) -> bool:
    """Whether a free preview lesson of a published, non-private course uses the file: anyone may read it there."""
    ids = _lessons_using(document)
    return bool(ids) and (
        Lesson.objects.live()
        .filter(pk__in=ids, is_preview=True, course__status=Course.Status.PUBLISHED)
        .exclude(course__visibility=Course.Visibility.PRIVATE)
        .exists()
    )


def may_read(*, user, document) -> bool:
    courses = courses_using(document)
    if courses and _in_a_free_preview(document):
        return True
    is_signed_in = getattr(user, "is_authenticated", False)
    if not courses:
        if document.collection.name != LESSON_FILES_COLLECTION:
            return True
        return is_signed_in and (user.has_role(Role.ADMIN) or document.uploaded_by_user_id == user.pk)
    if not is_signed_in:
        return False
    if user.has_role(Role.ADMIN):
        return True
    return any(
        course.teachers.filter(pk=user.pk).exists() or has_access(student=user, course=course) for course in courses
    )


@transaction.atomic
def lesson_files_collection() -> Collection:
    """Where teachers' uploads go, so a file is private from the moment it is uploaded."""
    existing = Collection.objects.filter(name=LESSON_FILES_COLLECTION).first()
    return existing or Collection.get_first_root_node().add_child(name=LESSON_FILES_COLLECTION)
