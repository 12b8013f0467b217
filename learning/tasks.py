from celery import shared_task

from .services.progress import notify_drip_unlocks


@shared_task
def notify_drip_unlocks_task() -> int:
    """Hourly: tell students about modules that opened on their date. Safe to retry (notifications dedupe)."""
    return notify_drip_unlocks()


@shared_task
def expire_enrollments_task() -> int:
    """Daily: mark enrollments past their end date as expired."""
    from .services.enrollments import expire_enrollments

    return expire_enrollments()
