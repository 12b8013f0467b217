from django.db import models

from .models import AuditEntry, User


def record(*, actor: User | None, action: str, target: models.Model, **details) -> AuditEntry:
    """Append one line to the audit log; callers run it inside their own transaction."""
    return AuditEntry.objects.create(
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        details=details,
    )
