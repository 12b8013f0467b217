"""Quiz attempts: checked against the unlock service and the attempt limit before anything is written."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import analytics
from learning import grading, selectors
from learning.models import Enrollment, Quiz, QuizAttempt

from .errors import AttemptLimitReached, QuizLocked
from .progress import after_progress, progress_changed


def attempts_used(*, enrollment: Enrollment, quiz: Quiz) -> int:
    return QuizAttempt.objects.filter(enrollment=enrollment, quiz=quiz).count()


def quiz_decision(*, outline: selectors.Outline, quiz: Quiz):
    return outline.outcome.quizzes.get(quiz.pk)


@transaction.atomic
def submit_attempt(*, enrollment: Enrollment, quiz: Quiz, data) -> QuizAttempt:
    """Mark one attempt. Refuses (and records nothing) when the quiz is locked, the limit is used up,
    or the answers do not fit the quiz."""
    enrollment = Enrollment.objects.select_for_update().select_related("course", "student").get(pk=enrollment.pk)
    outline = selectors.course_outline(course=enrollment.course, enrollment=enrollment)
    decision = outline.outcome.quizzes.get(quiz.pk)
    if decision is None or quiz.pk not in outline.quiz_by_id:
        raise QuizLocked(_("This quiz is not part of the course's approved content."))
    if not decision.open:
        raise QuizLocked(decision.reason)
    quiz = Quiz.objects.live().get(pk=quiz.pk)  # the approved questions, never a draft
    used = attempts_used(enrollment=enrollment, quiz=quiz)
    if quiz.attempt_limit and used >= quiz.attempt_limit:
        raise AttemptLimitReached(
            _("You have used all %(limit)s attempts at this quiz.") % {"limit": quiz.attempt_limit}
        )
    questions = grading.questions_of(quiz)
    answers = grading.read_answers(questions, data)  # MalformedAnswer propagates: nothing written yet
    if questions and not answers:  # an empty form (a slip of the button) must not use up an attempt
        raise grading.MalformedAnswer(_("Answer at least one question before submitting."))
    results = [grading.grade_question(q, answers.get(q["id"])) for q in questions]
    score = grading.score(results)
    passed = score >= quiz.pass_mark
    try:
        with transaction.atomic():
            attempt = QuizAttempt.objects.create(
                enrollment=enrollment,
                quiz=quiz,
                number=used + 1,
                submitted_at=timezone.now(),
                score=score,
                passed=passed,
                answers=answers,
                results=[r.as_dict() for r in results],
            )
            if passed:
                progress_changed(enrollment)
    except IntegrityError:  # the same attempt submitted twice at once
        raise AttemptLimitReached(_("This attempt was already submitted.")) from None
    analytics.track(
        "quiz_passed" if passed else "quiz_failed",
        user=enrollment.student,
        course=enrollment.course_id,
        quiz=quiz.pk,
        score=str(score),
    )
    if passed:
        after_progress(enrollment=enrollment, before=outline)
    return attempt


def best_attempt(*, enrollment: Enrollment, quiz: Quiz) -> QuizAttempt | None:
    return QuizAttempt.objects.filter(enrollment=enrollment, quiz=quiz).order_by("-score", "number").first()
