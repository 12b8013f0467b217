"""Planner statistics after a bulk load, for databases whose autovacuum has not caught up (or is off)."""

from django.db import connection


def refresh() -> str:
    """Analyze every table (and vacuum it on PostgreSQL, outside a transaction); returns what was run.

    The planner's statistics describe the empty tables until autovacuum gets to them (with those, a student's five
    enrollments were found by scanning all 175,000 active ones), and until a vacuum sets the visibility map an
    index-only scan still reads every heap page. VACUUM cannot run in a transaction."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    statement = "VACUUM (ANALYZE)" if vacuum else "ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(statement)
    return statement
