"""Covering indexes for the AI tutor usage report, on PostgreSQL only (SQLite has no INCLUDE, and Django warns of
covering indexes declared on models for databases without them): the hours with questions, and the terms' counts
of a period over every course, read from the index alone."""

from django.db import migrations

INDEXES = {
    "learnerhour_tutor_bucket": (
        "analytics_learnerhour (bucket) INCLUDE (course_id, student_id, tutor_questions, tutor_answered, "
        "tutor_refused, tokens_in, tokens_out, tutor_cost) WHERE tutor_questions > 0"
    ),
    "tutortermhour_bucket": "analytics_tutortermhour (bucket) INCLUDE (term, questions)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("analytics", "0006_revenue_per_currency")]

    operations = [migrations.RunPython(create, drop)]
