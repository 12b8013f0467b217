"""Teachers without `can_publish_lessons`: their changes reach students only after an admin approves."""

import pytest

from learning.models import ChangeRequest, Course, Lesson, Quiz
from learning.services import LearningError, authoring, governance
from notifications.models import Notification
from tests.learning.factories import CourseFactory, EnrollmentFactory, LessonFactory, ModuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_course(teacher, student):
    course = CourseFactory(teachers=[teacher])
    module = ModuleFactory(course=course)
    lesson = LessonFactory(module=module, title="Original title")
    EnrollmentFactory(student=student, course=course)
    return course, module, lesson


def test_an_edit_by_a_teacher_without_publish_rights_stays_a_draft(client, teacher, student, live_course):
    course, _module, lesson = live_course
    client.force_login(teacher)
    response = client.post(
        f"/teach/lessons/{lesson.pk}/", {"title": "Changed title", "estimated_minutes": 12, "is_required": "on"}
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.title == "Original title" and lesson.has_unpublished_changes
    assert authoring.draft_of(lesson).title == "Changed title"
    client.force_login(student)
    page = client.get(f"/learn/courses/{course.slug}/lessons/{lesson.pk}/").content.decode()
    assert "Original title" in page and "Changed title" not in page


def test_a_new_lesson_is_invisible_to_students_until_approved(client, teacher, student, admin_user, live_course):
    course, module, _lesson = live_course
    client.force_login(teacher)
    client.post(f"/teach/modules/{module.pk}/lessons/new/", {"title": "Brand new", "estimated_minutes": 5})
    new = Lesson.objects.get(title="Brand new")
    assert not new.live
    client.force_login(student)
    assert "Brand new" not in client.get(f"/learn/courses/{course.slug}/").content.decode()
    assert client.get(f"/learn/courses/{course.slug}/lessons/{new.pk}/", follow=True).status_code == 404

    client.force_login(teacher)
    client.post(f"/teach/courses/{course.pk}/submit/", {"note": "Added a lesson"})
    request = ChangeRequest.objects.get(course=course)
    assert [item["title"] for item in request.items] == ["Brand new"]
    assert Notification.objects.filter(user=admin_user, kind="learning.review_requested").exists()

    client.force_login(admin_user)
    response = client.post(f"/admin/learning/reviews/{request.pk}/", {"decision": "approve", "comment": "Nice"})
    assert response.status_code == 302
    client.force_login(student)
    assert "Brand new" in client.get(f"/learn/courses/{course.slug}/").content.decode()
    assert Notification.objects.filter(user=teacher, kind="learning.changes_approved").exists()


def test_rejection_needs_a_comment_and_keeps_everything_off_line(client, teacher, admin_user, live_course):
    course, _module, lesson = live_course
    client.force_login(teacher)
    client.post(f"/teach/lessons/{lesson.pk}/", {"title": "Typo titel", "estimated_minutes": 10})
    client.post(f"/teach/courses/{course.pk}/submit/")
    request = ChangeRequest.objects.get()
    client.force_login(admin_user)
    response = client.post(f"/admin/learning/reviews/{request.pk}/", {"decision": "reject", "comment": ""})
    assert response.status_code == 400 and "comment is required" in response.content.decode()
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.PENDING
    client.post(f"/admin/learning/reviews/{request.pk}/", {"decision": "reject", "comment": "Fix the typo"})
    request.refresh_from_db()
    lesson.refresh_from_db()
    assert request.status == ChangeRequest.Status.REJECTED and lesson.title == "Original title"
    client.force_login(teacher)
    assert "Fix the typo" in client.get(f"/teach/courses/{course.pk}/").content.decode()
    notice = Notification.objects.get(user=teacher, kind="learning.changes_rejected")
    assert notice.body == "Fix the typo"


def test_approval_publishes_what_was_submitted_not_later_edits(teacher, admin_user, live_course):
    course, _module, lesson = live_course
    draft = authoring.draft_of(lesson)
    draft.title = "Submitted"
    authoring.save_content(obj=draft, user=teacher)
    request = authoring.submit_for_review(course=course, teacher=teacher)
    later = authoring.draft_of(Lesson.objects.get(pk=lesson.pk))
    later.title = "Edited after submitting"
    authoring.save_content(obj=later, user=teacher)
    governance.approve_changes(change_request=request, admin=admin_user)
    lesson.refresh_from_db()
    assert lesson.title == "Submitted" and lesson.has_unpublished_changes


def test_a_teacher_who_may_publish_changes_live_content_at_once(teacher, live_course):
    teacher.teacher_profile.can_publish_lessons = True
    teacher.teacher_profile.save()
    course, _module, lesson = live_course
    draft = authoring.draft_of(lesson)
    draft.title = "Published straight away"
    authoring.save_content(obj=draft, user=teacher)
    lesson.refresh_from_db()
    assert lesson.title == "Published straight away" and not lesson.has_unpublished_changes
    assert authoring.submit_for_review(course=course, teacher=teacher) is None


def test_a_new_course_goes_from_draft_to_review_to_published(teacher, admin_user):
    course = authoring.create_course(
        teacher=teacher, title="Darija basics", language="Arabic", course_type="recorded", level="A1"
    )
    assert course.status == Course.Status.DRAFT and course.slug == "darija-basics"
    request = authoring.submit_for_review(course=course, teacher=teacher)
    course.refresh_from_db()
    assert course.status == Course.Status.IN_REVIEW
    governance.approve_changes(change_request=request, admin=admin_user)
    course.refresh_from_db()
    assert course.status == Course.Status.PUBLISHED
    with pytest.raises(LearningError):
        governance.approve_changes(change_request=request, admin=admin_user)


def test_removing_approved_content_waits_for_approval(client, teacher, student, admin_user, live_course):
    course, _module, lesson = live_course
    client.force_login(teacher)
    client.post(f"/teach/lesson/{lesson.pk}/remove/")
    assert Lesson.objects.live().filter(pk=lesson.pk).exists()
    client.post(f"/teach/courses/{course.pk}/submit/")
    governance.approve_changes(change_request=ChangeRequest.objects.get(), admin=admin_user)
    assert not Lesson.objects.live().filter(pk=lesson.pk).exists()


def test_quiz_questions_are_built_in_the_portal_and_wait_for_approval(client, teacher, live_course):
    _course, _module, lesson = live_course
    client.force_login(teacher)
    response = client.post(
        f"/teach/lesson/{lesson.pk}/quiz/", {"title": "Check", "pass_mark": 60, "attempt_limit": 2, "required": "on"}
    )
    quiz = Quiz.objects.get(lesson=lesson)
    assert response.status_code == 302 and not quiz.live
    bad = client.post(
        f"/teach/quizzes/{quiz.pk}/", {"kind": "single_choice", "prompt": "Hello?", "options": "marhaba\nshukran"}
    )
    assert bad.status_code == 400 and "Mark the correct answer" in bad.content.decode()
    client.post(
        f"/teach/quizzes/{quiz.pk}/",
        {"kind": "single_choice", "prompt": "Hello?", "options": "*marhaba | yes\nshukran | that is thanks"},
    )
    client.post(
        f"/teach/quizzes/{quiz.pk}/",
        {
            "kind": "fill_blank",
            "prompt": "Thanks = ___",
            "options": "shukran\nشكرا",  # noqa: RUF001
            "ignore_case": "on",
            "ignore_diacritics": "on",
        },
    )
    blocks = authoring.draft_of(Quiz.objects.get(pk=quiz.pk)).questions.raw_data
    assert [b["type"] for b in blocks] == ["single_choice", "fill_blank"]
    assert blocks[0]["value"]["choices"][0] == {"text": "marhaba", "correct": True, "feedback": "yes"}


def test_lesson_content_blocks_are_added_in_the_portal(client, teacher, live_course):
    _course, _module, lesson = live_course
    client.force_login(teacher)
    client.post(
        f"/teach/lessons/{lesson.pk}/blocks/",
        {"kind": "vocabulary", "title": "Words", "vocabulary": "مرحبا = hello = مرحبا يا لينا\nشكرا = thanks"},  # noqa: RUF001
    )
    bad = client.post(f"/teach/lessons/{lesson.pk}/blocks/", {"kind": "vocabulary", "vocabulary": "no separator"})
    assert bad.status_code == 400 and "separated by" in bad.content.decode()
    body = authoring.draft_of(Lesson.objects.get(pk=lesson.pk)).body.raw_data
    assert body[-1]["type"] == "vocabulary" and body[-1]["value"]["entries"][1]["meaning"] == "thanks"


def test_previews_show_drafts_to_teachers_and_submitted_versions_to_admins(
    client, teacher, other_teacher, student, admin_user, live_course
):
    course, _module, lesson = live_course
    draft = authoring.draft_of(lesson)
    draft.title = "Draft title"
    authoring.save_content(obj=draft, user=teacher)
    request = authoring.submit_for_review(course=course, teacher=teacher)
    revision = request.items[0]["revision"]
    client.force_login(teacher)
    assert "Draft title" in client.get(f"/teach/lessons/{lesson.pk}/preview/").content.decode()
    client.force_login(admin_user)
    page = client.get(f"/admin/learning/reviews/{request.pk}/").content.decode()
    assert f"/teach/lessons/{lesson.pk}/preview/?revision={revision}" in page
    assert "Draft title" in client.get(f"/teach/lessons/{lesson.pk}/preview/?revision={revision}").content.decode()
    assert client.get(f"/teach/lessons/{lesson.pk}/preview/?revision=999999").status_code == 403
    for outsider in (other_teacher, student):
        client.force_login(outsider)
        assert client.get(f"/teach/lessons/{lesson.pk}/preview/").status_code == 403


def test_quiz_preview_shows_the_right_answers_to_teachers(client, teacher, built):
    client.force_login(teacher)
    page = client.get(f"/teach/quizzes/{built.quiz.pk}/preview/").content.decode()
    assert "✓ marhaba" in page


def test_the_review_screen_lists_only_fields_that_changed(client, teacher, admin_user, live_course):
    course, _module, lesson = live_course
    draft = authoring.draft_of(lesson)
    draft.title = "New title"
    authoring.save_content(obj=draft, user=teacher)
    request = authoring.submit_for_review(course=course, teacher=teacher)
    client.force_login(admin_user)
    page = client.get(f"/admin/learning/reviews/{request.pk}/").content.decode()
    assert "New title" in page and "Original title" in page
    assert "<td>Content</td>" not in page


def test_the_lesson_editor_lists_vocabulary_saved_in_either_list_format(client, teacher, live_course):
    _course, _module, lesson = live_course
    entries = [{"term": "مرحبا", "meaning": "hello", "example": ""}]
    lesson.body = [("vocabulary", {"title": "Words", "entries": entries})]  # StreamField stores list items wrapped
    lesson.save()
    client.force_login(teacher)
    client.post(f"/teach/lessons/{lesson.pk}/blocks/", {"kind": "vocabulary", "vocabulary": "شكرا = thanks"})

    html = client.get(f"/teach/lessons/{lesson.pk}/").content.decode()

    assert "مرحبا = hello" in html and "شكرا = thanks" in html
