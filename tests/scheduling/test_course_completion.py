"""Live and hybrid courses are completed by attending sessions (told by scheduling) and doing required lessons."""

import pytest

from learning.models import Course, Enrollment
from learning.services import complete_lesson, enroll
from notifications.models import Notification
from scheduling.services import bookings
from tests.learning.factories import CourseFactory, LessonFactory, ModuleFactory
from tests.scheduling.factories import NOW, at, give_credits, make_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule(teacher):
    return make_schedule(teacher)


def attend_classes(*, teacher, student, course, count, attendance="present", first_day=1):
    """`count` group classes of `course` on following days, each attended by `student` as the teacher records it."""
    for day in range(first_day, first_day + count):
        session = bookings.create_group_class(
            teacher=teacher, course=course, title=f"Class {day}", starts_at=at(day, 9), minutes=60, capacity=4, now=NOW
        )
        booking = bookings.join_class(student=student, session=session, now=NOW)
        bookings.record_attendance(booking=booking, attendance=attendance, by=teacher, now=at(day, 9, 30))


def enrollment_of(student, course) -> Enrollment:
    return Enrollment.objects.get(student=student, course=course)


def test_attending_the_required_sessions_completes_a_live_course(schedule, teacher, student):
    course = CourseFactory(course_type="live", completion_sessions=2, teachers=[teacher])
    enroll(student=student, course=course, source="admin")
    give_credits(student, 3)
    attend_classes(teacher=teacher, student=student, course=course, count=1)
    assert enrollment_of(student, course).status == Enrollment.Status.ACTIVE
    assert enrollment_of(student, course).sessions_attended == 1

    attend_classes(teacher=teacher, student=student, course=course, count=1, first_day=2)

    enrollment = enrollment_of(student, course)
    assert enrollment.status == Enrollment.Status.COMPLETED and enrollment.completed_at is not None
    assert Notification.objects.filter(user=student, kind="learning.course_completed").exists()


def test_absences_do_not_count_towards_completion(schedule, teacher, student):
    course = CourseFactory(course_type="live", completion_sessions=1, teachers=[teacher])
    enroll(student=student, course=course, source="admin")
    give_credits(student, 1)
    attend_classes(teacher=teacher, student=student, course=course, count=1, attendance="absent")
    enrollment = enrollment_of(student, course)
    assert enrollment.status == Enrollment.Status.ACTIVE and enrollment.sessions_attended == 0


def test_a_live_course_without_a_session_rule_is_completed_by_hand(schedule, teacher, student):
    course = CourseFactory(course_type="live", completion_sessions=0, teachers=[teacher])
    enroll(student=student, course=course, source="admin")
    give_credits(student, 1)
    attend_classes(teacher=teacher, student=student, course=course, count=1)
    assert enrollment_of(student, course).status == Enrollment.Status.ACTIVE


def test_a_hybrid_course_needs_both_sessions_and_required_lessons(schedule, teacher, student):
    course = CourseFactory(course_type="hybrid", completion_sessions=1, teachers=[teacher])
    lesson = LessonFactory(module=ModuleFactory(course=course))
    enrollment = enroll(student=student, course=course, source="admin")

    complete_lesson(enrollment=enrollment, lesson=lesson)
    assert enrollment_of(student, course).status == Enrollment.Status.ACTIVE  # lessons alone are not enough

    give_credits(student, 1)
    attend_classes(teacher=teacher, student=student, course=course, count=1)
    assert enrollment_of(student, course).status == Enrollment.Status.COMPLETED


def test_a_hybrid_course_is_not_completed_by_sessions_alone(schedule, teacher, student):
    course = CourseFactory(course_type="hybrid", completion_sessions=1, teachers=[teacher])
    LessonFactory(module=ModuleFactory(course=course))
    enroll(student=student, course=course, source="admin")
    give_credits(student, 1)
    attend_classes(teacher=teacher, student=student, course=course, count=1)
    enrollment = enrollment_of(student, course)
    assert enrollment.sessions_attended == 1 and enrollment.status == Enrollment.Status.ACTIVE


def test_recorded_courses_refuse_a_session_rule():
    course = CourseFactory.build(course_type="recorded", completion_sessions=2)
    with pytest.raises(Exception, match="Recorded courses have no live sessions"):
        course.full_clean(exclude=["slug"])


def test_the_session_rule_is_bounded_in_the_database():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Course.objects.create(title="x", slug="x", language="Arabic", course_type="live", completion_sessions=5000)
