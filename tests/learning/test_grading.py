import pytest
from django.http import QueryDict

from learning import grading


def q(kind, **value):
    return {
        "id": "q1",
        "type": kind,
        "prompt": "P",
        "feedback_correct": "Well done",
        "feedback_incorrect": "No",
        **value,
    }


@pytest.mark.parametrize(
    ("typed", "accepted", "ignore_case", "ignore_diacritics", "right"),
    [
        ("MARHABA", "marhaba", True, True, True),
        ("MARHABA", "marhaba", False, True, False),
        ("café", "cafe", True, True, True),
        ("café", "cafe", True, False, False),
        ("مَرْحَبًا", "مرحبا", True, True, True),
        ("مرحـــبا", "مرحبا", True, True, True),  # tatweel is decoration
        ("  hello   world ", "hello world", True, True, True),
    ],
)
def test_fill_in_the_blank_is_case_and_diacritics_tolerant_where_set(
    typed, accepted, ignore_case, ignore_diacritics, right
):
    question = q("fill_blank", accepted=[accepted], ignore_case=ignore_case, ignore_diacritics=ignore_diacritics)
    assert grading.grade_question(question, typed).correct is right


def test_choice_questions_and_feedback_per_answer():
    choices = [
        {"text": "a", "correct": True, "feedback": "Yes!"},
        {"text": "b", "correct": False, "feedback": "Nope"},
        {"text": "c", "correct": True, "feedback": ""},
    ]
    single = q("single_choice", choices=choices)
    assert grading.grade_question(single, 0).correct and "Yes!" in grading.grade_question(single, 0).feedback
    wrong = grading.grade_question(single, 1)
    assert not wrong.correct and "Nope" in wrong.feedback and "No" in wrong.feedback
    multiple = q("multiple_choice", choices=choices)
    assert grading.grade_question(multiple, [0, 2]).correct
    assert not grading.grade_question(multiple, [0]).correct


def test_true_false_matching_and_ordering():
    assert grading.grade_question(q("true_false", answer=True), 1).correct
    assert not grading.grade_question(q("true_false", answer=True), 0).correct
    pairs = [{"left": "one", "right": "wahid"}, {"left": "two", "right": "ithnan"}]
    assert grading.grade_question(q("matching", pairs=pairs), [0, 1]).correct
    assert not grading.grade_question(q("matching", pairs=pairs), [1, 0]).correct
    assert grading.grade_question(q("ordering", items=["a", "b", "c"]), [0, 1, 2]).correct
    assert not grading.grade_question(q("ordering", items=["a", "b", "c"]), [2, 1, 0]).correct


def test_wagtail_list_items_are_read_like_plain_lists():
    question = q(
        "fill_blank", accepted=[{"type": "item", "value": "x", "id": "1"}], ignore_case=True, ignore_diacritics=True
    )
    assert grading.grade_question(question, "X").correct


@pytest.mark.parametrize("raw", ["7", "-1", "abc", "1.5"])
def test_an_answer_outside_the_options_is_malformed(raw):
    question = q("single_choice", choices=[{"text": "a", "correct": True}, {"text": "b", "correct": False}])
    with pytest.raises(grading.MalformedAnswer):
        grading.read_answers([question], QueryDict(f"q-q1={raw}"))


def test_unanswered_questions_are_wrong_not_malformed():
    question = q("single_choice", choices=[{"text": "a", "correct": True}, {"text": "b", "correct": False}])
    answers = grading.read_answers([question], QueryDict(""))
    assert answers == {}
    assert not grading.grade_question(question, answers.get("q1")).correct


def test_score_is_a_rounded_percentage():
    results = [
        grading.QuestionResult("a", "", True, "", ""),
        grading.QuestionResult("b", "", False, "", ""),
        grading.QuestionResult("c", "", True, "", ""),
    ]
    assert str(grading.score(results)) == "66.67"


def test_presentation_order_is_repeatable_per_seed_and_keeps_answer_indexes():
    questions = [q("single_choice", choices=[{"text": t, "correct": t == "a"} for t in "abcdef"])]
    one = grading.presentation_order(questions, seed="s", shuffle=True)
    two = grading.presentation_order(questions, seed="s", shuffle=True)
    assert one == two
    assert sorted(one[0]["options"]) == [(i, t) for i, t in enumerate("abcdef")]
