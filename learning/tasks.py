from celery import shared_task

from .services.progress import notify_drip_unlocks


@shared_task
def notify_drip_unlocks_task() -> int:
    """Hourly: tell students about modules that opened on their date. Safe to retry (notifications dedupe)."""
    return notify_drip_unlocks()
