from datetime import timedelta

from celery import shared_task
from django.utils import timezone


@shared_task
def roll_up_pending() -> dict[str, list[str]]:
    """Every few minutes: count what arrived since the last run into the rollup tables."""
    from .rollups import engine

    return {name: [day.isoformat() for day in days] for name, days in engine.roll_up_pending().items()}


@shared_task
def rebuild_recent_days() -> None:
    """Nightly: rewrite the last two UTC days whole. A record whose transaction committed after a newer one was
    already counted sits below the watermark; this is where it is counted."""
    from .rollups import engine

    today = timezone.now().date()
    engine.rebuild_days(days=[today - timedelta(days=2), today - timedelta(days=1)])
