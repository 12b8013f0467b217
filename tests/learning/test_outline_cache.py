"""Outlines read their shared content from a cache keyed by the course's content version: a repeat read runs
no content query, and every change to modules, lessons, quizzes or locks shows on the very next read."""

import pytest

from learning.models import Course, Enrollment, Lesson, LessonLock
from learning.selectors import course_outline
from learning.services import authoring, governance
from tests.learning.factories import LessonFactory, ModuleFactory

pytestmark = pytest.mark.django_db


def outline_of(built):
    """The outline a portal page builds: the enrollment and its course read afresh, as each request does."""
    enrollment = Enrollment.objects.select_related("course").get(pk=built.enrollment.pk)
    return course_outline(course=enrollment.course, enrollment=enrollment)


def titles(outline):
    return [entry.lesson.title for entry in outline.lessons]


def test_a_repeat_outline_reads_only_the_students_progress(built, django_assert_num_queries):
    first = outline_of(built)
    enrollment = Enrollment.objects.select_related("course").get(pk=built.enrollment.pk)
    with django_assert_num_queries(1):  # lesson progress and passed quizzes, together
        again = course_outline(course=enrollment.course, enrollment=enrollment)
    assert titles(again) == titles(first) == [built.lesson1.title, built.lesson2.title, built.lesson3.title]


def test_the_one_progress_read_keeps_lessons_and_passed_quizzes_apart(built):
    from datetime import timedelta

    from django.utils import timezone

    from learning.models import LessonProgress, QuizAttempt

    now = timezone.now()
    for lesson, viewed, completed in ((built.lesson2, now, None), (built.lesson1, now - timedelta(hours=1), now)):
        LessonProgress.objects.create(
            enrollment=built.enrollment, lesson=lesson, started_at=viewed, last_viewed_at=viewed, completed_at=completed
        )
    QuizAttempt.objects.create(
        enrollment=built.enrollment, quiz=built.quiz, number=1, submitted_at=now, score=100, passed=True
    )
    QuizAttempt.objects.create(
        enrollment=built.enrollment, quiz=built.quiz, number=2, submitted_at=now, score=100, passed=True
    )

    outline = outline_of(built)

    assert outline.progress.completed_lessons == {built.lesson1.pk}
    assert outline.progress.passed_quizzes == {built.quiz.pk}
    assert [entry.started for entry in outline.lessons] == [True, True, False]
    assert (outline.last_lesson_id, outline.last_viewed_at) == (built.lesson2.pk, now)


def test_a_lesson_published_by_a_teacher_shows_on_the_next_read(built, admin_user):
    outline_of(built)
    lesson = Lesson(course=built.course, module=built.module, title="Numbers", sort_order=9, body=[])
    authoring.save_content(obj=lesson, user=admin_user)
    assert titles(outline_of(built))[-1] == "Numbers"


def test_a_draft_change_stays_unseen_and_its_approval_shows(built, teacher, admin_user):
    outline_of(built)
    draft = authoring.draft_of(built.lesson2)
    draft.title = "Greetings, revised"
    authoring.save_content(obj=draft, user=teacher)  # a teacher who may not publish: a revision only
    assert "Greetings, revised" not in titles(outline_of(built))
    request = authoring.submit_for_review(course=built.course, teacher=teacher)
    governance.approve_changes(change_request=request, admin=admin_user)
    assert titles(outline_of(built))[1] == "Greetings, revised"


def test_removed_and_deleted_content_leaves_the_next_read(built, admin_user):
    outline_of(built)
    authoring.remove_content(obj=built.lesson3, user=admin_user)  # published at once: retired
    assert built.lesson3.title not in titles(outline_of(built))
    built.lesson2.delete()  # as the Wagtail admin's delete does
    assert titles(outline_of(built)) == [built.lesson1.title]


def test_a_module_added_in_the_wagtail_admin_way_shows(built):
    outline_of(built)
    module = ModuleFactory(course=built.course, sort_order=built.module.sort_order + 1, live=True)
    LessonFactory(module=module, title="Shopping", sort_order=50)
    assert titles(outline_of(built))[-1] == "Shopping"


@pytest.mark.parametrize("scope", ["lesson", "course", "everywhere"])
def test_locks_and_unlocks_show_on_the_next_read(built, admin_user, scope):
    assert outline_of(built).entry(built.lesson1.pk).decision.open
    target = {"lesson": {"lesson": built.lesson1}, "course": {"course": built.course}, "everywhere": {}}[scope]
    lock = governance.lock_lessons(admin=admin_user, reason="Being rewritten", **target)
    decision = outline_of(built).entry(built.lesson1.pk).decision
    assert not decision.open and "Being rewritten" in decision.reason
    governance.unlock_lessons(admin=admin_user, lock=lock)
    assert outline_of(built).entry(built.lesson1.pk).decision.open


def test_a_lock_on_every_lesson_gives_every_course_a_new_version(built, admin_user):
    other = ModuleFactory().course
    before = dict(Course.objects.values_list("pk", "content_version"))
    LessonLock.objects.create(reason="Maintenance")
    after = dict(Course.objects.values_list("pk", "content_version"))
    assert after[built.course.pk] > before[built.course.pk] and after[other.pk] > before[other.pk]


def test_the_portal_page_shows_a_change_made_after_it_was_cached(client, student, built, admin_user):
    client.force_login(student)
    assert built.lesson2.title in client.get(built.url).content.decode()
    authoring.remove_content(obj=built.lesson2, user=admin_user)
    assert built.lesson2.title not in client.get(built.url).content.decode()
