"""`notify()`: the one way any app tells a person something."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import centre, preferences, quiet, suppression
from .kinds import kind_of
from .models import Notification


def notify(
    user, kind: str, title: str, body: str, url: str | None = None, *, email: bool = True, dedupe_key: str = ""
) -> Notification:
    """Store an in-app notification and, when `email`, send it by email once the transaction commits.

    With a `dedupe_key`, a repeated call (a retried task, a replayed webhook) returns the first notification.
    The person's preferences for the kind's category decide whether it shows in the app and goes by email.
    """
    if dedupe_key:
        existing = Notification.objects.filter(user=user, dedupe_key=dedupe_key).first()
        if existing:
            return existing
    kind_info = kind_of(kind)
    channels = preferences.channels_for(user=user, category=kind_info.category)
    wants_email = email and channels.email and bool(user.email)
    by_email = wants_email and not suppression.is_suppressed(user.email)
    if by_email:
        state = Notification.EmailState.PENDING
    elif wants_email:  # the address bounced for good or complained: shown as such rather than queued
        state = Notification.EmailState.SUPPRESSED
    else:
        state = Notification.EmailState.NONE
    not_before = None
    if by_email and kind_info.waits_for_quiet_hours:
        not_before = quiet.email_not_before(user=user, now=timezone.now())
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user,
                kind=kind,
                title=title,
                body=body,
                url=url or "",
                dedupe_key=dedupe_key,
                email_state=state,
                in_app=channels.in_app,
                email_not_before=not_before,
            )
    except IntegrityError:
        return Notification.objects.get(user=user, dedupe_key=dedupe_key)
    centre.forget_unread_count(user_id=user.pk)
    if state == Notification.EmailState.PENDING:
        # Robust: a broker that is down must not fail the caller's committed work; the sweep sends it later.
        transaction.on_commit(lambda: _queue_email(notification.pk, not_before), robust=True)
    return notification


def _queue_email(notification_id: int, not_before) -> None:
    from .tasks import send_notification_email

    if not_before is None:
        send_notification_email.delay(notification_id)
    else:  # quiet hours: the task waits for the morning; the sweep catches it if the broker lost it
        send_notification_email.apply_async(args=[notification_id], eta=not_before)


def mark_read(*, user, notification_ids=None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    marked = unread.update(read_at=timezone.now())
    if marked:
        centre.forget_unread_count(user_id=user.pk)
    return marked
