import uuid

import pytest

from tests.learning.factories import CourseFactory, EnrollmentFactory, LessonFactory, ModuleFactory
from tutor.indexing import index_course


def text_block(html):
    return {"type": "text", "value": html, "id": str(uuid.uuid4())}


class Tutored:
    """A course with a greetings lesson (English and Arabic) and a food lesson, indexed, the student enrolled."""


@pytest.fixture
def tutored(student, teacher):
    return build_tutored(student, teacher)


def build_tutored(student, teacher) -> Tutored:
    t = Tutored()
    t.course = CourseFactory(teachers=[teacher], slug="arabic-basics")
    module = ModuleFactory(course=t.course)
    t.greetings = LessonFactory(
        module=module,
        title="Hello and goodbye",
        body=[
            text_block("<p>Marhaba means hello. Maa salama means goodbye.</p>"),
            text_block("<p>مرحبا تعني أهلاً. مع السلامة تُقال عند الوداع.</p>"),
        ],
    )
    t.food = LessonFactory(
        module=module,
        title="At the restaurant",
        body=[text_block("<p>Biddi ahwe means I would like a coffee. Shay is tea.</p>")],
    )
    t.enrollment = EnrollmentFactory(student=student, course=t.course)
    index_course(course_id=t.course.pk)
    t.ask_url = f"/learn/courses/{t.course.slug}/tutor/ask/"
    t.page_url = f"/learn/courses/{t.course.slug}/tutor/"
    return t
