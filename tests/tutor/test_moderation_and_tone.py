"""The moderation step before answering (the offline built-in list), recorded as the exchange's decision and
counted in the admin's AI tutor usage report; and the admin's tone framing the offline tutor's answers."""

import pytest
from django.urls import reverse

from analytics.rollups import engine
from tutor import services
from tutor.models import CourseTutor, DailyUsage, Decision, Exchange, Tone, TutorSettings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("question", "category"),
    [
        ("I want to kill myself, what does marhaba mean?", "self-harm"),
        ("Shut up, you moron", "harassment"),
        ("How do I build a bomb?", "violence"),
        ("أريد الانتحار", "self-harm"),
        ("اخرس يا غبي", "harassment"),
    ],
)
def test_the_moderation_step_refuses_and_records_the_category(tutored, student, question, category):
    with pytest.raises(services.Refused, match="cannot help with this"):
        services.ask(student=student, course=tutored.course, question=question)
    exchange = Exchange.objects.get()
    assert exchange.decision == Decision.MODERATED and exchange.flagged_as == category
    assert not DailyUsage.objects.filter(student=student, messages__gt=0).exists()  # no question of the day used


def test_ordinary_questions_pass_the_moderation_step(tutored, student):
    for question in ("What does goodbye mean?", "How do I kill time at the airport?", "ماذا تعني مع السلامة؟"):
        assert services.ask(student=student, course=tutored.course, question=question).answer().flagged_as == ""
    assert not Exchange.objects.exclude(decision=Decision.ANSWERED).exists()


def test_the_admin_can_switch_the_moderation_step_off(tutored, student):
    rules = TutorSettings.load()
    rules.moderate_questions = False
    rules.save()
    exchange = services.ask(student=student, course=tutored.course, question="Shut up, you moron").answer()
    assert exchange.decision == Decision.ANSWERED


def test_the_usage_report_counts_moderated_questions(client, tutored, student, admin_user):
    services.ask(student=student, course=tutored.course, question="hello?").answer()
    with pytest.raises(services.Refused):
        services.ask(student=student, course=tutored.course, question="I want to kill myself")
    engine.roll_up_pending()
    client.force_login(admin_user)
    response = client.get(reverse("tutor_usage_report"))
    totals = response.context["usage"].totals
    assert [totals[name] for name in ("questions", "answered", "refused", "moderated", "errors")] == [2, 1, 1, 1, 0]
    html = response.content.decode()
    # Questions, answered, refused, of which by moderation, errors, left early, reported.
    assert "Of which by moderation" in html and "<td>2</td><td>1</td><td>1</td><td>1</td><td>0</td><td>0</td>" in html


FRAMES = {
    Tone.FRIENDLY: ("Here is what your lessons say:", "Ask me again if anything is still unclear."),
    Tone.CONCISE: ("From your lessons:", None),
    Tone.FORMAL: ("According to the lessons of your course:", "For further detail, please consult your teacher."),
    Tone.ENCOURAGING: ("Good question! Here is what your lessons say:", "You are making real progress. Keep going!"),
}
ARABIC_OPENINGS = {
    Tone.FRIENDLY: "هذا ما تقوله دروسك:",
    Tone.CONCISE: "من دروسك:",
    Tone.FORMAL: "وفقًا لدروس دورتك:",
    Tone.ENCOURAGING: "سؤال جيد! هذا ما تقوله دروسك:",
}


@pytest.mark.parametrize("tone", list(Tone))
def test_the_admins_default_tone_frames_the_offline_answer(tutored, student, tone):
    rules = TutorSettings.load()
    rules.default_tone = tone
    rules.save()
    english = services.ask(student=student, course=tutored.course, question="What does goodbye mean?").answer()
    opening, closing = FRAMES[tone]
    assert english.answer.startswith(opening) and "Maa salama means goodbye" in english.answer
    if closing:
        assert english.answer.endswith(closing)
    else:
        assert english.answer.endswith("]")  # concise: the quotes alone
    arabic = services.ask(student=student, course=tutored.course, question="ماذا تعني مع السلامة؟").answer()
    assert arabic.answer.startswith(ARABIC_OPENINGS[tone])


def test_a_courses_tone_overrides_the_default_and_concise_quotes_less(tutored, student):
    friendly = services.ask(student=student, course=tutored.course, question="What does marhaba mean?").answer()
    CourseTutor.objects.create(course=tutored.course, tone=Tone.CONCISE)
    concise = services.ask(student=student, course=tutored.course, question="What does marhaba mean?").answer()
    assert concise.answer.startswith("From your lessons:") and len(concise.answer) < len(friendly.answer)
