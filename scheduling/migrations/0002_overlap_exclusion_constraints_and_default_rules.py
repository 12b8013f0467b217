"""Overlap guarantees on PostgreSQL (exclusion constraints over time ranges) and the default cancellation rules.

SQLite has no exclusion constraints: there the booking services' row locks are the guard, so the SQL only runs
on PostgreSQL. BtreeGistExtension does nothing on other databases.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINTS = [
    (
        "scheduling_livesession",
        "session_teacher_no_overlap",
        "EXCLUDE USING gist (teacher_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
        "WHERE (status = 'scheduled')",
    ),
    (
        "scheduling_booking",
        "booking_student_no_overlap",
        "EXCLUDE USING gist (student_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
        "WHERE (status = 'confirmed')",
    ),
]


def add_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, definition in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")


def drop_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, _definition in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")


DEFAULT_RULES = [
    ("student_cancel", 24, "restore", "Cancelled at least 24 hours before the start: your credit is back."),
    ("student_cancel", 0, "forfeit", "Late cancellation (less than 24 hours before the start): the credit is forfeited."),
    ("student_reschedule", 24, "keep", "Rescheduled at least 24 hours before the start: your credit moves to the new time."),
    ("student_reschedule", 0, "refuse", "Sessions can only be rescheduled at least 24 hours before they start."),
    ("no_show", 0, "forfeit", "No-show: the credit is forfeited."),
    ("teacher_cancel", 0, "restore", "Your teacher cancelled the session: your credit is back."),
]


def add_default_rules(apps, schema_editor):
    CancellationRule = apps.get_model("scheduling", "CancellationRule")
    if CancellationRule.objects.exists():
        return
    for action, hours, outcome, reason in DEFAULT_RULES:
        CancellationRule.objects.create(action=action, min_hours_before=hours, outcome=outcome, reason=reason)


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_schedules_sessions_bookings_credits")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_exclusion_constraints, drop_exclusion_constraints),
        migrations.RunPython(add_default_rules, migrations.RunPython.noop),
    ]
