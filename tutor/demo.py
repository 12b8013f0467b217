"""The tutor for `seed_demo`: every published course's lessons indexed, so the demo tutor answers at once, and a
week of the demo students' questions (one answer reported), so the AI tutor usage report, the themes and the
teachers' analytics have something to show."""

from datetime import timedelta

from django.utils import timezone

from learning.models import Course, Enrollment, Lesson

from . import services
from .indexing import index_course
from .models import Exchange

QUESTIONS = {
    "arabic-first-steps": [
        "How do I say hello in Arabic?",
        "What does maa salama mean?",
        "How do I say thank you?",
        "How do you say my name is Lina?",
        "Which letters share the same shape?",
    ],
    "levantine-conversation": [
        "What does wein mean?",
        "How do I order a coffee?",
        "What does shu baddak ta'mel mean?",
        "How do I ask where the restaurant is?",
    ],
    "business-english-b1": ["How does the course work?", "What will I learn first?"],
}
REPORTED = ("How do I order a coffee?", "The answer did not say how to ask for the bill as well.")


def seed() -> None:
    for course_id in Course.objects.filter(status=Course.Status.PUBLISHED).values_list("pk", flat=True):
        index_course(course_id=course_id)
    if not Exchange.objects.exists():
        _ask_a_week_of_questions()


def _ask_a_week_of_questions() -> None:
    now = timezone.now()
    enrollments = Enrollment.objects.filter(status=Enrollment.Status.ACTIVE, course__slug__in=QUESTIONS).select_related(
        "student", "course"
    )
    reported = False
    for index, enrollment in enumerate(enrollments.order_by("pk")):
        lesson = Lesson.objects.filter(course=enrollment.course).order_by("sort_order", "pk").first()
        for number, question in enumerate(QUESTIONS[enrollment.course.slug]):
            try:
                exchange = services.ask(
                    student=enrollment.student, course=enrollment.course, question=question, lesson=lesson
                ).answer()
            except services.Refused:
                continue
            if question == REPORTED[0] and not reported:
                services.report(student=enrollment.student, exchange_id=exchange.pk, reason=REPORTED[1])
                reported = True
            # Spread over the past week, so the report's days differ.
            asked = now - timedelta(days=(index + number) % 7, hours=number)
            Exchange.objects.filter(pk=exchange.pk).update(created_at=asked)
