"""A CEFR framework and placement tests small enough to read in a test."""

import uuid

from placement.models import CourseRecommendation, PlacementTest, ScoreBand, Section
from placement.services import frameworks


def choice(prompt="Pick the greeting", right="hello", wrong=("table", "blue")):
    choices = [{"text": right, "correct": True, "feedback": ""}] + [
        {"text": w, "correct": False, "feedback": ""} for w in wrong
    ]
    return {
        "type": "single_choice",
        "id": str(uuid.uuid4()),
        "value": {"prompt": prompt, "choices": choices, "feedback_correct": "", "feedback_incorrect": ""},
    }


# A1 below 50%, B1 from 50 to 79%, C1 from 80%.
BANDS = (("A1", 0, 49), ("B1", 50, 79), ("C1", 80, 100))


def make_test(
    *,
    language="English",
    slug="english-check",
    routing=PlacementTest.Routing.LINEAR,
    sections=(("grammar", 1, 1), ("vocabulary", 2, 1)),
    questions_per_section=2,
    time_limit_minutes=None,
    is_live=True,
):
    """`sections` are (skill, step, difficulty); every question's right answer is choice 0."""
    framework = frameworks.cefr_framework(language=language)
    levels = {level.code: level for level in framework.levels.all()}
    test = PlacementTest.objects.create(
        framework=framework,
        slug=slug,
        title=f"{language} check",
        title_ar=f"اختبار {language}",
        routing=routing,
        time_limit_minutes=time_limit_minutes,
        is_live=is_live,
    )
    for position, (skill, step, difficulty) in enumerate(sections):
        Section.objects.create(
            test=test,
            sort_order=position,
            title=f"{skill.title()} {step}.{difficulty}",
            skill=skill,
            step=step,
            difficulty=difficulty,
            questions=[choice(f"{skill} question {n}") for n in range(questions_per_section)],
        )
    for position, (code, low, high) in enumerate(BANDS):
        ScoreBand.objects.create(test=test, sort_order=position, level=levels[code], min_score=low, max_score=high)
    return test


def recommend(test, code, course):
    level = test.framework.levels.get(code=code)
    return CourseRecommendation.objects.create(level=level, course=course)


def answers(section, *, right: int):
    """Form data answering a section: the first `right` questions correctly, the rest wrongly."""
    data = {"section": str(section.pk)}
    for index, block in enumerate(section.questions.raw_data):
        data[f"q-{block['id']}"] = "0" if index < right else "1"
    return data
