import pytest

from tests.learning.factories import CourseFactory, EnrollmentFactory, LessonFactory, ModuleFactory, QuizFactory


class Built:
    """A recorded course: lesson 1 (quiz required) -> lesson 2 -> lesson 3, with the student enrolled."""


@pytest.fixture
def built(student, teacher):
    b = Built()
    b.course = CourseFactory(teachers=[teacher])
    b.module = ModuleFactory(course=b.course)
    b.lesson1 = LessonFactory(module=b.module, quiz_required=True, sort_order=0)
    b.quiz = QuizFactory(lesson=b.lesson1)
    b.lesson2 = LessonFactory(module=b.module, sort_order=1)
    b.lesson3 = LessonFactory(module=b.module, sort_order=2)
    b.enrollment = EnrollmentFactory(student=student, course=b.course)
    b.question_id = b.quiz.questions.raw_data[0]["id"]
    b.url = f"/learn/courses/{b.course.slug}/"
    return b
