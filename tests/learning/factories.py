"""Courses built the way teachers build them: modules, lessons and quizzes that are live (approved)."""

import uuid

import factory
from wagtail.models import Locale

from learning.models import CertificateTemplate, Course, Enrollment, Lesson, Module, Quiz
from tests.factories import UserFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    language = "Arabic"
    course_type = "recorded"
    status = Course.Status.PUBLISHED

    @factory.post_generation
    def teachers(self, create, extracted, **kwargs):
        if create and extracted:
            self.teachers.set(extracted)


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Module {n}")
    sort_order = factory.Sequence(lambda n: n)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    module = factory.SubFactory(ModuleFactory)
    course = factory.LazyAttribute(lambda o: o.module.course)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    sort_order = factory.Sequence(lambda n: n)
    body = factory.LazyFunction(
        lambda: [{"type": "text", "value": "<p>Marhaba means hello.</p>", "id": str(uuid.uuid4())}]
    )


def single_choice(prompt="Pick the greeting", right="marhaba", wrong=("shukran", "maa salama")):
    choices = [{"text": right, "correct": True, "feedback": "Yes, a greeting."}] + [
        {"text": w, "correct": False, "feedback": "Not a greeting."} for w in wrong
    ]
    return {
        "type": "single_choice",
        "id": str(uuid.uuid4()),
        "value": {"prompt": prompt, "choices": choices, "feedback_correct": "", "feedback_incorrect": ""},
    }


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    lesson = factory.SubFactory(LessonFactory)
    course = factory.LazyAttribute(lambda o: (o.lesson or o.module).course)
    title = factory.Sequence(lambda n: f"Quiz {n}")
    pass_mark = 100
    attempt_limit = 3
    questions = factory.LazyFunction(lambda: [single_choice()])


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    student = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)
    source = Enrollment.Source.ADMIN
    enrolled_at = factory.Faker("date_time_this_year", tzinfo=__import__("datetime").UTC)


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate

    name = factory.Sequence(lambda n: f"Template {n}")
    locale = factory.LazyFunction(lambda: Locale.get_default())
    title = "Certificate of completion"
    wording = "{{ student }} completed {{ course }} ({{ level }}, {{ hours }} hours) with {{ teacher }} on {{ date }}."
