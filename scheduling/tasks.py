from celery import shared_task

from .services import emails


@shared_task
def send_booking_email(*, email_id: int) -> bool:
    """Confirmation / move / cancellation email with the .ics; a repeat for the same change sends nothing."""
    return emails.send_booking_email(email_id=email_id)


@shared_task
def send_stalled_booking_emails() -> int:
    """Every few minutes (beat): the booking emails whose task was lost or whose worker died."""
    return emails.send_stalled_booking_emails()


@shared_task
def expire_credits() -> int:
    """Every quarter hour (beat): unused credits past their date leave the wallet."""
    from .services import credit_validity

    return credit_validity.expire_lots()
