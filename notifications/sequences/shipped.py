"""The sequences the apps ship: one per trigger that declares default steps, created when none exists yet.

Run after every migration, so a new site (or a newly registered trigger) has them; editors change or deactivate
them in the admin, and a sequence they deactivated is left alone.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import translation

from ..models import Sequence, SequenceStep
from . import registry


@transaction.atomic
def ensure_shipped() -> int:
    existing = set(Sequence.objects.values_list("trigger", flat=True))
    created = 0
    for trigger in registry.triggers():
        if not trigger.shipped_steps or trigger.key in existing:
            continue
        with translation.override("en"):
            sequence = Sequence.objects.create(
                name=str(trigger.shipped_name or trigger.label),
                trigger=trigger.key,
                category=trigger.category,
                exit_condition=trigger.shipped_exit,
            )
        SequenceStep.objects.bulk_create(
            SequenceStep(
                sequence=sequence,
                sort_order=order,
                email=step.email,
                offset_hours=step.offset_hours,
                condition=step.condition,
                urgent=step.urgent,
                in_app=step.in_app,
            )
            for order, step in enumerate(trigger.shipped_steps)
        )
        created += 1
    return created


def after_migrate(*, using="default", plan=None, **kwargs) -> None:
    """post_migrate: only once the tables exist (not on a migration back)."""
    from django.db import connections

    if Sequence._meta.db_table in connections[using].introspection.table_names():
        ensure_shipped()
