"""Messages, announcements and reviews."""

import pytest

from learning.models import Message, MessageThread, Review
from learning.selectors import rating_summaries, unread_message_count
from notifications.models import Notification
from tests.learning.factories import CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


def test_student_and_teacher_exchange_messages_with_unread_counts(client, student, teacher, built):
    client.force_login(student)
    response = client.post(f"{built.url}message/", {"teacher": teacher.pk, "body": "Is lesson 2 on the exam?"})
    thread = MessageThread.objects.get()
    assert response.status_code == 302 and thread.student == student and thread.teacher == teacher
    assert Notification.objects.filter(user=teacher, kind="learning.message").count() == 1
    assert unread_message_count(user=teacher) == 1
    client.force_login(teacher)
    assert "Messages" in client.get("/teach/").content.decode()
    page = client.get(f"/teach/messages/{thread.pk}/")
    assert "Is lesson 2 on the exam?" in page.content.decode()
    assert unread_message_count(user=teacher) == 0
    client.post(f"/teach/messages/{thread.pk}/", {"body": "Yes, it is."})
    assert Notification.objects.filter(user=student, kind="learning.message").count() == 1
    assert unread_message_count(user=student) == 1


def test_messages_are_private_to_their_two_people(client, student, other_student, other_teacher, built, teacher):
    client.force_login(student)
    client.post(f"{built.url}message/", {"teacher": teacher.pk, "body": "Private"})
    thread = MessageThread.objects.get()
    for outsider in (other_student, other_teacher):
        client.force_login(outsider)
        url = f"/learn/messages/{thread.pk}/" if outsider.is_student else f"/teach/messages/{thread.pk}/"
        assert client.get(url).status_code == 403
        assert client.post(url, {"body": "Sneaky"}).status_code == 403
    assert Message.objects.count() == 1


def test_a_student_cannot_write_to_a_teacher_of_another_course(client, student, other_teacher, built):
    client.force_login(student)
    response = client.post(f"{built.url}message/", {"teacher": other_teacher.pk, "body": "Hi"})
    assert response.status_code == 400 and not Message.objects.exists()


def test_empty_messages_are_refused(client, student, teacher, built):
    client.force_login(student)
    assert client.post(f"{built.url}message/", {"teacher": teacher.pk, "body": "   "}).status_code == 400
    assert not Message.objects.exists()


def test_announcements_notify_enrolled_students_and_show_on_their_dashboard(
    client, student, teacher, built, other_student
):
    client.force_login(teacher)
    response = client.post(
        f"/teach/courses/{built.course.pk}/announcements/", {"title": "Live class moved", "body": "Now on Tuesday."}
    )
    assert response.status_code == 302
    assert Notification.objects.filter(user=student, kind="learning.announcement").count() == 1
    assert not Notification.objects.filter(user=other_student).exists()
    client.force_login(student)
    assert "Live class moved" in client.get("/learn/").content.decode()
    client.force_login(teacher)
    assert client.post(f"/teach/courses/{built.course.pk}/announcements/", {"title": "x"}).status_code == 400
    assert built.course.announcements.count() == 1


def test_reviews_are_one_per_enrollment_editable_and_moderated(client, student, built, admin_user):
    client.force_login(student)
    assert client.post(f"{built.url}review/", {"rating": "9", "body": "?"}).status_code == 400
    client.post(f"{built.url}review/", {"rating": "4", "body": "Clear lessons"})
    client.post(f"{built.url}review/", {"rating": "5", "body": "Even better now"})
    review = Review.objects.get()
    assert review.rating == 5 and review.status == Review.Status.PENDING
    assert rating_summaries(course_ids=[built.course.pk])[built.course.pk].count == 0
    client.force_login(admin_user)
    response = client.post(
        f"/admin/snippets/learning/review/edit/{review.pk}/", {"status": "approved", "moderation_note": ""}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    summary = rating_summaries(course_ids=[built.course.pk])[built.course.pk]
    assert summary.count == 1 and str(summary.average) == "5.0"


def test_only_enrolled_students_can_review(client, other_student, built):
    client.force_login(other_student)
    assert client.post(f"{built.url}review/", {"rating": "1", "body": "Never took it"}).status_code == 403
    assert not Review.objects.exists()


def test_teacher_sees_students_progress_and_quiz_results(client, teacher, student, built):
    from learning.services import complete_lesson, submit_attempt

    complete_lesson(enrollment=built.enrollment, lesson=built.lesson1)
    submit_attempt(enrollment=built.enrollment, quiz=built.quiz, data={f"q-{built.question_id}": "1"})
    submit_attempt(enrollment=built.enrollment, quiz=built.quiz, data={f"q-{built.question_id}": "0"})
    EnrollmentFactory(course=CourseFactory())  # someone else's course stays out
    client.force_login(teacher)
    page = client.get(f"/teach/courses/{built.course.pk}/students/").content.decode()
    assert student.name in page and "1 / 3" in page and ": 100%" in page and "2 attempts" in page
