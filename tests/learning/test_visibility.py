import pytest
from django.contrib.auth.models import AnonymousUser

from learning.selectors import can_view_course, catalogue_courses
from tests.learning.factories import CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


def test_catalogue_lists_published_public_courses_only():
    public = CourseFactory(visibility="public")
    CourseFactory(visibility="unlisted")
    CourseFactory(visibility="private")
    CourseFactory(status="draft")
    assert list(catalogue_courses()) == [public]


@pytest.mark.parametrize(
    ("status", "visibility", "for_anyone", "for_enrolled", "for_teacher", "for_admin"),
    [
        ("published", "public", True, True, True, True),
        ("published", "unlisted", True, True, True, True),
        ("published", "private", False, True, True, True),
        ("draft", "public", False, False, True, True),
        ("archived", "public", False, True, True, True),
    ],
)
def test_visibility_rules(status, visibility, for_anyone, for_enrolled, for_teacher, for_admin, request):
    people = {name: request.getfixturevalue(name) for name in ("student", "teacher", "admin_user", "other_student")}
    course = CourseFactory(status=status, visibility=visibility, teachers=[people["teacher"]])
    EnrollmentFactory(student=people["student"], course=course)
    assert can_view_course(user=AnonymousUser(), course=course) is for_anyone
    assert can_view_course(user=people["student"], course=course) is for_enrolled
    assert can_view_course(user=people["teacher"], course=course) is for_teacher
    assert can_view_course(user=people["admin_user"], course=course) is for_admin
    assert can_view_course(user=people["other_student"], course=course) is for_anyone
