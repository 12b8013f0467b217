from celery import shared_task
from django.db import OperationalError


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def index_lesson(lesson_id: int) -> int:
    """On publish: the lesson's passages from its live content. Safe to retry: it replaces them whole."""
    from .indexing import index_lesson as index

    return index(lesson_id=lesson_id)
