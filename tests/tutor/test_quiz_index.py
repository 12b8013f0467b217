"""The tutor knows a lesson's quiz questions, so it can help with them, but never their answers."""

from tests.learning.factories import QuizFactory, single_choice
from tutor import services
from tutor.indexing import QUIZ_ANCHOR, index_lesson
from tutor.models import Passage

PROMPT = "Which word do you say when you greet your teacher in the morning?"


def _fill_blank(prompt, accepted):
    return {
        "type": "fill_blank",
        "id": "fill-1",
        "value": {"prompt": prompt, "accepted": accepted, "feedback_correct": "Well done", "feedback_incorrect": ""},
    }


def _quiz(tutored):
    return QuizFactory(
        lesson=tutored.greetings,
        questions=[
            single_choice(prompt=PROMPT, right="sabah al-khair", wrong=("tisbah ala khair",)),
            _fill_blank("Thank you in Arabic is ___", ["shukran"]),
        ],
    )


def test_quiz_questions_are_indexed_without_their_answers(tutored):
    _quiz(tutored)
    index_lesson(lesson_id=tutored.greetings.pk)
    quiz_text = " ".join(
        Passage.objects.filter(lesson=tutored.greetings, anchor=QUIZ_ANCHOR).values_list("text", flat=True)
    )
    assert PROMPT in quiz_text and "Thank you in Arabic" in quiz_text
    everything = " ".join(Passage.objects.values_list("text", flat=True)).lower()
    for answer in ("sabah al-khair", "tisbah", "shukran", "well done", "a greeting"):
        assert answer not in everything


def test_the_tutor_cites_the_quiz_but_never_gives_its_answer(tutored, student):
    _quiz(tutored)
    index_lesson(lesson_id=tutored.greetings.pk)
    exchange = services.ask(
        student=student, course=tutored.course, question="What do I say to greet my teacher in the morning?"
    ).answer()
    assert any(citation["url"].endswith(f"#{QUIZ_ANCHOR}") for citation in exchange.citations)
    assert "sabah al-khair" not in exchange.answer.lower()


def test_publishing_or_unpublishing_a_quiz_reindexes_its_lesson(tutored, teacher, django_capture_on_commit_callbacks):
    quiz = _quiz(tutored)
    quiz.live = False
    quiz.save()
    index_lesson(lesson_id=tutored.greetings.pk)
    assert not Passage.objects.filter(anchor=QUIZ_ANCHOR).exists()
    with django_capture_on_commit_callbacks(execute=True):
        quiz.save_revision(user=teacher).publish(user=teacher, skip_permission_checks=True)
    assert Passage.objects.filter(lesson=tutored.greetings, anchor=QUIZ_ANCHOR, text__contains=PROMPT).exists()
    quiz.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        quiz.unpublish()
    assert not Passage.objects.filter(anchor=QUIZ_ANCHOR).exists()
    assert Passage.objects.filter(lesson=tutored.greetings).exists()
