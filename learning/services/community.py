"""Reviews, announcements and messages."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from learning.models import Announcement, Course, Enrollment, Message, MessageThread, Review
from notifications.services import notify

from .authoring import ensure_teaches
from .errors import LearningError, NotAllowed

ACCESS = (Enrollment.Status.ACTIVE, Enrollment.Status.COMPLETED)


@transaction.atomic
def save_review(*, enrollment: Enrollment, rating: int, body: str) -> Review:
    """One review per enrollment; editing sends it back to moderation."""
    if enrollment.status not in ACCESS:
        raise NotAllowed(_("Only enrolled students can review this course."))
    if not 1 <= int(rating) <= 5:
        raise LearningError(_("Choose a rating from 1 to 5 stars."))
    review, _created = Review.objects.update_or_create(
        enrollment=enrollment,
        defaults={
            "course_id": enrollment.course_id,
            "rating": int(rating),
            "body": body.strip(),
            "status": Review.Status.PENDING,
        },
    )
    return review


@transaction.atomic
def moderate_review(*, review: Review, status: str, note: str = "") -> Review:
    if status not in Review.Status.values:
        raise LearningError(_("Unknown review status."))
    review.status, review.moderation_note = status, note
    review.save(update_fields=["status", "moderation_note", "updated_at"])
    return review


@transaction.atomic
def post_announcement(*, course: Course, author, title: str, body: str) -> Announcement:
    ensure_teaches(author, course)
    if not title.strip() or not body.strip():
        raise LearningError(_("An announcement needs a title and a message."))
    announcement = Announcement.objects.create(course=course, author=author, title=title.strip(), body=body.strip())
    students = Enrollment.objects.filter(course=course, status__in=ACCESS).select_related("student")
    for enrollment in students:
        with override(enrollment.student.preferred_language):
            notify(
                enrollment.student,
                "learning.announcement",
                _("%(course)s: %(title)s") % {"course": course.title, "title": announcement.title},
                announcement.body,
                url=reverse("learning:student-home"),
                dedupe_key=f"learning:announcement:{announcement.pk}",
            )
    return announcement


def may_message(*, teacher, student, course: Course) -> bool:
    return (
        course.teachers.filter(pk=teacher.pk).exists()
        and Enrollment.objects.filter(course=course, student=student, status__in=ACCESS).exists()
    )


@transaction.atomic
def send_message(*, sender, course: Course, teacher, student, body: str) -> Message:
    """A message between a teacher and a student of one of that teacher's courses."""
    if sender.pk not in (teacher.pk, student.pk):
        raise NotAllowed(_("You can only write in your own conversations."))
    if not may_message(teacher=teacher, student=student, course=course):
        raise NotAllowed(_("Messages are between a course's teachers and its enrolled students."))
    body = body.strip()
    if not body:
        raise LearningError(_("Write a message first."))
    if len(body) > 5000:
        raise LearningError(_("A message can be at most 5000 characters."))
    thread, _created = MessageThread.objects.get_or_create(course=course, teacher=teacher, student=student)
    now = timezone.now()
    message = Message.objects.create(thread=thread, sender=sender, body=body)
    MessageThread.objects.filter(pk=thread.pk).update(last_message_at=now)
    recipient = student if sender.pk == teacher.pk else teacher
    portal = "learning:teacher-thread" if recipient.pk == teacher.pk else "learning:student-thread"
    url = reverse(portal, kwargs={"thread_id": thread.pk})
    with override(recipient.preferred_language):
        notify(
            recipient,
            "learning.message",
            _("New message from %(name)s") % {"name": sender.name},
            body[:200],
            url=url,
            dedupe_key=f"learning:message:{message.pk}",
        )
    return message


def mark_thread_read(*, thread: MessageThread, reader) -> int:
    return thread.messages.filter(read_at__isnull=True).exclude(sender=reader).update(read_at=timezone.now())
