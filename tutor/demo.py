"""The tutor for `seed_demo`: every published course's lessons indexed, so the demo tutor answers at once."""

from learning.models import Course

from .indexing import index_course


def seed() -> None:
    for course_id in Course.objects.filter(status=Course.Status.PUBLISHED).values_list("pk", flat=True):
        index_course(course_id=course_id)
