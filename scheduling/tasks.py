from celery import shared_task

from .services import reminders


@shared_task
def send_due_reminders() -> int:
    """Every minute (beat): send the reminders that are due; safe to retry or run late."""
    return reminders.send_due_reminders()
