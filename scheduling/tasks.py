from celery import shared_task

from .services import emails, reminders


@shared_task
def send_due_reminders() -> int:
    """Every minute (beat): send the reminders that are due; safe to retry or run late."""
    return reminders.send_due_reminders()


@shared_task
def send_booking_email(*, booking_id: int, event: str) -> bool:
    """Confirmation / move / cancellation email with the .ics; a repeat for the same change sends nothing."""
    return emails.send_booking_email(booking_id=booking_id, event=event)
