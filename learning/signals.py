"""A new content version for a course whenever its outline content changes, on every path that changes it:
the services, the Wagtail admin's snippet views and bulk actions, and Wagtail's scheduled publishing all save
or delete these rows one by one."""

from django.db.models.signals import post_delete, post_save

from . import outline_cache
from .models import Lesson, LessonLock, Module, Quiz


def _content_saved_or_deleted(sender, instance, **kwargs):
    outline_cache.content_changed(course_id=instance.course_id)


def _lock_saved_or_deleted(sender, instance, **kwargs):
    if instance.lesson_id:
        course_id = Lesson.objects.filter(pk=instance.lesson_id).values_list("course_id", flat=True).first()
        if course_id is None:  # the lesson is being deleted with its course: nothing left to show
            return
    else:
        course_id = instance.course_id  # None: a lock on every lesson of every course
    outline_cache.content_changed(course_id=course_id)


def connect() -> None:
    for model in (Module, Lesson, Quiz):
        post_save.connect(_content_saved_or_deleted, sender=model, dispatch_uid=f"outline-{model.__name__}-saved")
        post_delete.connect(_content_saved_or_deleted, sender=model, dispatch_uid=f"outline-{model.__name__}-deleted")
    post_save.connect(_lock_saved_or_deleted, sender=LessonLock, dispatch_uid="outline-lock-saved")
    post_delete.connect(_lock_saved_or_deleted, sender=LessonLock, dispatch_uid="outline-lock-deleted")
