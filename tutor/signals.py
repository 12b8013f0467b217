"""Lessons are indexed for the tutor when they are published or unpublished (Wagtail's signals, sent by every
path that publishes: the authoring and governance services, the admin, scheduled publishing), after commit."""

from django.db import transaction
from wagtail.signals import published, unpublished

from learning.models import Lesson


def _lesson_changed(sender, instance, **kwargs):
    from .tasks import index_lesson

    transaction.on_commit(lambda: index_lesson.delay(instance.pk), robust=True)


def connect() -> None:
    published.connect(_lesson_changed, sender=Lesson, dispatch_uid="tutor-lesson-published")
    unpublished.connect(_lesson_changed, sender=Lesson, dispatch_uid="tutor-lesson-unpublished")
