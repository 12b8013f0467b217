import pytest

from tests.factories import UserFactory
from tests.learning.factories import CourseFactory, LessonFactory, ModuleFactory

from .factories import CohortFactory


@pytest.fixture
def other_partner(db):
    return UserFactory(partner=True, display_name="Paula Partner")


@pytest.fixture
def courses(db):
    """Two published courses of two lessons each."""
    made = []
    for title in ("Arabic for beginners", "Business English"):
        course = CourseFactory(title=title)
        module = ModuleFactory(course=course)
        LessonFactory.create_batch(2, module=module, course=course)
        made.append(course)
    return made


@pytest.fixture
def cohort(partner, courses):
    """An approved cohort of `partner` with 3 seats on both courses."""
    return CohortFactory(partner=partner, approved=True, courses=courses)
