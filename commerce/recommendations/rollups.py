"""The counts "Students also took" and the popular-course fallback read, rebuilt from enrollments as a whole.

A rebuild replaces every row in one transaction, so a page never sees half of one and a retried run gives the
same table. Only enrollments that give (or gave) the course count: a refund is not a recommendation.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from learning.models import Enrollment

from ..models import CoEnrollment, CoursePopularity

COUNTED = (Enrollment.Status.ACTIVE, Enrollment.Status.COMPLETED)
KEPT_PER_COURSE = 12  # more than any page shows, after the student's own courses are taken out

_PAIRS = """
SELECT course_id, also_took_id, students FROM (
    SELECT a.course_id AS course_id, b.course_id AS also_took_id, COUNT(*) AS students,
           ROW_NUMBER() OVER (PARTITION BY a.course_id ORDER BY COUNT(*) DESC, b.course_id) AS position
    FROM {table} a JOIN {table} b ON a.student_id = b.student_id AND a.course_id <> b.course_id
    WHERE a.status IN (%s, %s) AND b.status IN (%s, %s)
    GROUP BY a.course_id, b.course_id
) ranked WHERE position <= %s
"""


def co_enrollment_pairs() -> list[tuple[int, int, int]]:
    """(course, also took, students), the best `KEPT_PER_COURSE` per course; one enrollment per student and course
    (a database constraint) makes the row count the number of students."""
    sql = _PAIRS.format(table=connection.ops.quote_name(Enrollment._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*COUNTED, *COUNTED, KEPT_PER_COURSE])
        return [(int(course), int(other), int(students)) for course, other, students in cursor.fetchall()]


@transaction.atomic
def refresh(*, now=None) -> tuple[int, int]:
    """Rebuild both tables; answers (pairs, courses) written."""
    now = now or timezone.now()
    _one_rebuild_at_a_time()
    pairs = [
        CoEnrollment(course_id=course, also_took_id=other, students=students, refreshed_at=now)
        for course, other, students in co_enrollment_pairs()
    ]
    popularity = [
        CoursePopularity(
            course_id=row["course_id"], language=row["course__language"], students=row["students"], refreshed_at=now
        )
        for row in Enrollment.objects.filter(status__in=COUNTED)
        .values("course_id", "course__language")
        .annotate(students=Count("pk"))
    ]
    CoEnrollment.objects.all().delete()
    CoursePopularity.objects.all().delete()
    CoEnrollment.objects.bulk_create(pairs, batch_size=1000)
    CoursePopularity.objects.bulk_create(popularity, batch_size=1000)
    return len(pairs), len(popularity)


def _one_rebuild_at_a_time() -> None:
    # Two overlapping rebuilds would each delete, then insert the same pairs: the second would hit the
    # unique constraint. SQLite runs one writing transaction at a time already.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", ["commerce-recommendation-rollups"])
