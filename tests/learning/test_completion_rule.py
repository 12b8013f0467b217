"""The completion rule of live and hybrid courses: set by teachers, told attendance by the scheduling app."""

import pytest

from learning.models import Course, Enrollment
from learning.services import complete_lesson, record_sessions_attended
from tests.learning.factories import CourseFactory, EnrollmentFactory, LessonFactory, ModuleFactory

pytestmark = pytest.mark.django_db


def details(course, **changes):
    data = {
        "title": course.title,
        "summary": "",
        "language": course.language,
        "level": course.level,
        "custom_level": "",
        "estimated_hours": 4,
        "included_live_sessions": 0,
        "completion_sessions": 0,
    }
    return data | changes


def test_teachers_set_the_sessions_to_attend(client, teacher):
    course = CourseFactory(course_type="live", status=Course.Status.DRAFT, teachers=[teacher])
    client.force_login(teacher)
    client.post(f"/teach/courses/{course.pk}/edit/", details(course, completion_sessions=6))
    course.refresh_from_db()
    assert course.completion_sessions == 6


@pytest.mark.parametrize(
    ("course_type", "sessions", "message"),
    [("recorded", 2, "Recorded courses have no live sessions"), ("live", 5000, "less than or equal to 200")],
)
def test_a_rule_that_cannot_hold_is_refused(client, teacher, course_type, sessions, message):
    course = CourseFactory(course_type=course_type, status=Course.Status.DRAFT, teachers=[teacher])
    client.force_login(teacher)
    response = client.post(f"/teach/courses/{course.pk}/edit/", details(course, completion_sessions=sessions))
    assert response.status_code == 400 and message in response.content.decode()
    course.refresh_from_db()
    assert course.completion_sessions == 0


def test_the_attendance_count_is_stored_and_a_correction_lowers_it(student):
    course = CourseFactory(course_type="live", completion_sessions=3)
    enrollment = EnrollmentFactory(student=student, course=course)
    record_sessions_attended(student=student, course=course, count=2)
    record_sessions_attended(student=student, course=course, count=1)
    enrollment.refresh_from_db()
    assert enrollment.sessions_attended == 1 and enrollment.status == Enrollment.Status.ACTIVE


def test_attendance_of_someone_not_enrolled_changes_nothing(student):
    course = CourseFactory(course_type="live", completion_sessions=1)
    assert record_sessions_attended(student=student, course=course, count=5) is None
    assert not Enrollment.objects.exists()


def test_students_see_their_sessions_and_the_completion(client, student):
    course = CourseFactory(course_type="live", completion_sessions=2)
    EnrollmentFactory(student=student, course=course)
    client.force_login(student)
    record_sessions_attended(student=student, course=course, count=1)
    page = client.get(f"/learn/courses/{course.slug}/").content.decode()
    assert "Live sessions attended: 1 of 2" in page and "Course completed" not in page
    record_sessions_attended(student=student, course=course, count=2)
    page = client.get(f"/learn/courses/{course.slug}/").content.decode()
    assert "Live sessions attended: 2 of 2" in page and "Course completed" in page


def test_a_hybrid_course_completes_with_the_last_lesson_once_the_sessions_are_attended(student):
    course = CourseFactory(course_type="hybrid", completion_sessions=1)
    lesson = LessonFactory(module=ModuleFactory(course=course))
    enrollment = EnrollmentFactory(student=student, course=course)
    record_sessions_attended(student=student, course=course, count=1)
    assert Enrollment.objects.get(pk=enrollment.pk).status == Enrollment.Status.ACTIVE
    complete_lesson(enrollment=enrollment, lesson=lesson)
    assert Enrollment.objects.get(pk=enrollment.pk).status == Enrollment.Status.COMPLETED
