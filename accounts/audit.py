from django.db import models

from .models import AuditEntry, User


def record(
    *, actor: User | None, action: str, target: models.Model, subject_id: int | None = None, **details
) -> AuditEntry:
    """Append one line to the audit log; callers run it inside their own transaction.

    `subject_id` is the person the entry is about (their activity log); a user as target is their own subject."""
    if subject_id is None and isinstance(target, User):
        subject_id = target.pk
    return AuditEntry.objects.create(
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        subject_id=subject_id,
        details=details,
    )
