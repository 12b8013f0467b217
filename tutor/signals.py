"""Lessons are indexed for the tutor when they or their quiz are published or unpublished (Wagtail's signals, sent
by every path that publishes: the authoring and governance services, the admin, scheduled publishing), after
commit; and the cached rules are dropped when the admin changes them."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import published, unpublished

from learning.models import Lesson, Quiz

from . import rules
from .models import CourseTutor, TutorSettings


def _index_after_commit(lesson_id: int) -> None:
    from .tasks import index_lesson

    transaction.on_commit(lambda: index_lesson.delay(lesson_id), robust=True)


def _lesson_changed(sender, instance, **kwargs):
    _index_after_commit(instance.pk)


def _quiz_changed(sender, instance, **kwargs):
    if instance.lesson_id:  # a module's quiz has no lesson to cite, so the tutor does not index it
        _index_after_commit(instance.lesson_id)


def connect() -> None:
    published.connect(_lesson_changed, sender=Lesson, dispatch_uid="tutor-lesson-published")
    unpublished.connect(_lesson_changed, sender=Lesson, dispatch_uid="tutor-lesson-unpublished")
    published.connect(_quiz_changed, sender=Quiz, dispatch_uid="tutor-quiz-published")
    unpublished.connect(_quiz_changed, sender=Quiz, dispatch_uid="tutor-quiz-unpublished")
    for model in (TutorSettings, CourseTutor):
        post_save.connect(rules.forget, sender=model, dispatch_uid=f"tutor-rules-{model.__name__}-saved")
        post_delete.connect(rules.forget, sender=model, dispatch_uid=f"tutor-rules-{model.__name__}-deleted")
