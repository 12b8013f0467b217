"""Admin governance in the Wagtail admin."""

import pytest
from bs4 import BeautifulSoup

from accounts.models import AuditEntry
from learning.models import Course, Enrollment, LessonLock, Quiz
from notifications.models import Notification
from tests.learning.factories import CourseFactory, QuizFactory

pytestmark = pytest.mark.django_db


def admin_page(client, url) -> tuple[str, str]:
    """The admin page's title (without Wagtail's suffix) and its text."""
    response = client.get(url)
    assert response.status_code == 200, url
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.title.get_text(strip=True).removesuffix(" - Wagtail"), soup.get_text(" ", strip=True)


def test_admin_pages_render(client, admin_user, built):
    client.force_login(admin_user)
    course, student = built.course, built.enrollment.student
    for url, title, shown in [
        ("/admin/learning/reviews/", "Course reviews", "Waiting for a decision"),
        ("/admin/snippets/learning/course/", "Courses", course.title),
        ("/admin/learning/locks/", "Lesson locks", built.lesson1.title),
        (f"/admin/learning/courses/{course.pk}/enrollments/", f"Enrollments · {course.title}", student.email),
        (f"/admin/learning/courses/{course.pk}/clone/", "Clone course", course.title),
        ("/admin/snippets/learning/review/", "Reviews", "Filter by"),
        (f"/admin/bulk/learning/course/archive_courses/?id={course.pk}", "Archive", course.title),
        (f"/admin/bulk/learning/course/course_visibility/?id={course.pk}", "Change visibility", course.title),
        ("/admin/", "Dashboard", "Site summary"),
    ]:
        page_title, text = admin_page(client, url)
        assert page_title == title and shown in text, url


def test_bulk_archive_restore_and_visibility(client, admin_user, teacher):
    courses = [CourseFactory(teachers=[teacher]) for _ in range(2)]
    query = "&".join(f"id={c.pk}" for c in courses)
    client.force_login(admin_user)
    client.post(f"/admin/bulk/learning/course/archive_courses/?{query}")
    assert set(Course.objects.values_list("status", flat=True)) == {"archived"}
    client.post(f"/admin/bulk/learning/course/restore_courses/?{query}")
    assert set(Course.objects.values_list("status", flat=True)) == {"published"}
    client.post(f"/admin/bulk/learning/course/course_visibility/?{query}", {"visibility": "private"})
    assert set(Course.objects.values_list("visibility", flat=True)) == {"private"}
    assert AuditEntry.objects.filter(action="learning.course_visibility").count() == 2


def test_clone_copies_modules_lessons_and_quizzes_as_a_draft(client, admin_user, built):
    module_quiz = QuizFactory(lesson=None, module=built.module, course=built.course)
    client.force_login(admin_user)
    response = client.post(f"/admin/learning/courses/{built.course.pk}/clone/")
    clone = Course.objects.exclude(pk=built.course.pk).get()
    assert response.status_code == 302 and clone.status == Course.Status.DRAFT and clone.cloned_from == built.course
    assert clone.modules.count() == 1 and clone.lessons.count() == 3
    assert Quiz.objects.filter(course=clone).count() == 2
    assert Quiz.objects.get(course=clone, module__isnull=False).title == module_quiz.title
    assert list(clone.teachers.all()) == list(built.course.teachers.all())
    assert not clone.enrollments.exists()


def test_enroll_and_unenroll_by_hand(client, admin_user, built, other_student):
    client.force_login(admin_user)
    url = f"/admin/learning/courses/{built.course.pk}/enrollments/"
    assert client.post(url, {"email": "nobody@example.test"}).status_code == 400
    client.post(url, {"email": other_student.email.upper()})
    enrollment = Enrollment.objects.get(student=other_student)
    assert enrollment.source == "admin" and enrollment.status == "active"
    assert Notification.objects.filter(user=other_student, kind="learning.enrolled").exists()
    client.post(f"/admin/learning/enrollments/{enrollment.pk}/revoke/")
    enrollment.refresh_from_db()
    assert enrollment.status == "revoked"


def test_teachers_cannot_be_enrolled_as_students(client, admin_user, built, other_teacher):
    client.force_login(admin_user)
    response = client.post(f"/admin/learning/courses/{built.course.pk}/enrollments/", {"email": other_teacher.email})
    assert response.status_code == 400 and not Enrollment.objects.filter(student=other_teacher).exists()


def test_lock_and_unlock_lessons(client, admin_user, built, student):
    client.force_login(admin_user)
    assert client.post("/admin/learning/locks/", {"scope": "course", "reason": "x"}).status_code == 400
    client.post("/admin/learning/locks/", {"scope": "global", "reason": "Maintenance tonight"})
    lock = LessonLock.objects.get()
    client.force_login(student)
    response = client.get(f"{built.url}lessons/{built.lesson1.pk}/")
    assert response.status_code == 403 and "Maintenance tonight" in response.content.decode()
    client.force_login(admin_user)
    client.post("/admin/learning/locks/", {"unlock": lock.pk})
    assert not LessonLock.objects.exists()
    client.force_login(student)
    reopened = client.get(f"{built.url}lessons/{built.lesson1.pk}/")
    assert reopened.status_code == 200 and "Maintenance tonight" not in reopened.content.decode()
    assert f"<h1>{built.lesson1.title}</h1>" in reopened.content.decode()


def test_archived_courses_stay_open_to_enrolled_students(client, student, built):
    Course.objects.filter(pk=built.course.pk).update(status="archived")
    client.force_login(student)
    outline = client.get(built.url)
    assert outline.status_code == 200 and built.lesson1.title in outline.content.decode()
    Course.objects.filter(pk=built.course.pk).update(status="draft")
    refused = client.get(built.url)
    assert refused.status_code == 403 and "This course is not open yet." in refused.content.decode()


def test_demo_seed_is_idempotent_and_covers_every_course_type(db):
    from accounts import demo as accounts_demo
    from learning import demo
    from learning.models import QuizAttempt

    accounts_demo.seed()
    demo.seed()
    counts = (Course.objects.count(), Enrollment.objects.count(), QuizAttempt.objects.count())
    demo.seed()
    assert (Course.objects.count(), Enrollment.objects.count(), QuizAttempt.objects.count()) == counts
    assert set(Course.objects.values_list("course_type", flat=True)) == {"recorded", "live", "hybrid"}
    assert set(Course.objects.values_list("language", flat=True)) == {"Arabic", "English"}
    assert Quiz.objects.exists() and counts[2] >= 1


def test_the_admin_dashboard_lists_changes_waiting_for_review(client, admin_user, teacher, built):
    from learning.services import authoring

    draft = authoring.draft_of(built.lesson2)
    draft.title = "Renamed"
    authoring.save_content(obj=draft, user=teacher)
    authoring.submit_for_review(course=built.course, teacher=teacher, note="")
    client.force_login(admin_user)
    body = client.get("/admin/").content.decode()
    assert "Course changes waiting for your review" in body and built.course.title in body


def test_admins_browse_and_edit_content_with_revisions_in_the_wagtail_admin(client, admin_user, built, student):
    from learning.models import Module

    client.force_login(admin_user)
    lesson, quiz = built.lesson1, built.quiz
    for url, title, shown in [
        ("/admin/snippets/learning/lesson/", "Lessons", lesson.title),
        (f"/admin/snippets/learning/lesson/edit/{lesson.pk}/", f"Editing: {lesson.title}", lesson.title),
        (f"/admin/snippets/learning/lesson/history/{lesson.pk}/", f"History: {lesson.title}", lesson.title),
        ("/admin/snippets/learning/quiz/", "Quizzes", str(quiz)),
        (f"/admin/snippets/learning/quiz/edit/{quiz.pk}/", f"Editing: {quiz}", lesson.title),
        ("/admin/snippets/learning/module/", "Modules", str(built.module)),
    ]:
        page_title, text = admin_page(client, url)
        assert page_title == title and shown in text, url
    response = client.post(
        f"/admin/snippets/learning/module/edit/{built.module.pk}/",
        {
            "course": built.course.pk,
            "title": "Renamed by an admin",
            "summary": "",
            "sort_order": 0,
            "unlock_rule": "open",
            "available_from": "",
            "days_after_enrollment": "",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302
    assert Module.objects.live().get(pk=built.module.pk).title == "Renamed by an admin"
    client.force_login(student)
    assert "Renamed by an admin" in client.get(built.url).content.decode()
