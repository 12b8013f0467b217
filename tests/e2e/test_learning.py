"""The learning journey end to end: a teacher builds a course with a milestone quiz and submits it, an admin
approves it and enrolls a student, who is stopped at the milestone, passes the quiz and completes the course."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, switch_user
from tests.factories import PASSWORD, UserFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_teacher_builds_admin_approves_student_learns_through_a_milestone(page, e2e_site):
    from learning.models import Course, Enrollment

    teacher = UserFactory(teacher=True, display_name="Rania Teacher")
    admin = UserFactory(admin=True, display_name="Amal Admin")
    student = UserFactory(display_name="Lina Student")

    # The teacher builds the course.
    login(page, teacher.email, PASSWORD)
    page.goto("/teach/")
    page.get_by_role("link", name="New course").click()
    page.get_by_label("Title").fill("Arabic greetings")
    page.get_by_label("Language taught").fill("Arabic")
    page.get_by_label("Course type").select_option("recorded")
    page.get_by_role("button", name="Create course").click()
    expect(page.get_by_role("heading", name="Arabic greetings")).to_be_visible()

    page.get_by_role("link", name="Add a module").click()
    page.get_by_label("Title").fill("Hello")
    page.get_by_role("button", name="Save module").click()

    page.get_by_role("link", name="Add a lesson").click()
    page.get_by_label("Title").fill("Saying hello")
    page.get_by_label("Quiz required after this lesson").check()
    page.get_by_role("button", name="Save lesson").click()
    page.get_by_label("Block type").select_option("text")
    page.get_by_label("Text", exact=True).fill("Marhaba means hello.")
    page.get_by_role("button", name="Add block").click()
    expect(page.get_by_text("Marhaba means hello.")).to_be_visible()
    page.get_by_role("link", name="Add a quiz to this lesson").click()
    page.get_by_label("Pass mark (%)").fill("100")
    page.get_by_role("button", name="Save quiz").click()
    page.get_by_label("Question type").select_option("single_choice")
    page.get_by_label("Question", exact=True).fill("How do you say hello?")
    page.get_by_label("Answers").fill("*marhaba | Yes!\nshukran | That means thank you.")
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_text("How do you say hello?")).to_be_visible()

    page.get_by_role("link", name="Arabic greetings").first.click()
    page.get_by_role("link", name="Add a lesson").click()
    page.get_by_label("Title").fill("Saying goodbye")
    page.get_by_role("button", name="Save lesson").click()
    page.get_by_label("Block type").select_option("text")
    page.get_by_label("Text", exact=True).fill("Maa salama means goodbye.")
    page.get_by_role("button", name="Add block").click()

    page.get_by_role("link", name="Arabic greetings").first.click()
    page.get_by_label("Note for the reviewer").fill("Ready for students.")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("[data-pending]")).to_contain_text("waiting for an admin")
    course = Course.objects.get(title="Arabic greetings")
    assert course.status == Course.Status.IN_REVIEW

    # The admin approves it and enrolls the student.
    switch_user(page, admin.email)
    page.goto("/admin/learning/reviews/")
    page.get_by_role("link", name="Arabic greetings").click()
    expect(page.get_by_text("Ready for students.")).to_be_visible()
    page.get_by_label("Comment for the teacher").fill("Looks good.")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("Approved: the changes are live.")).to_be_visible()
    page.goto(f"/admin/learning/courses/{course.pk}/enrollments/")
    page.get_by_label("Student's email").fill(student.email)
    page.get_by_role("button", name="Enroll").click()
    expect(page.get_by_text("Granted by an admin")).to_be_visible()

    # The student learns, is stopped at the milestone, passes the quiz and completes the course.
    switch_user(page, student.email)
    page.goto("/learn/")
    page.get_by_role("link", name="Arabic greetings").click()
    goodbye = page.locator(".outline__lesson", has_text="Saying goodbye")
    expect(goodbye.get_by_text("Locked")).to_be_visible()
    expect(goodbye).to_contain_text("Pass the quiz")
    page.get_by_role("link", name="Saying hello", exact=True).click()
    expect(page.get_by_text("Marhaba means hello.")).to_be_visible()
    expect(page.locator("[data-next-locked]")).to_contain_text("Pass the quiz")
    page.get_by_role("button", name="Mark as complete").click()

    # The quiz page opens; first try the locked lesson directly: refused, with the reason.
    quiz_url = page.url
    page.goto(page.url.split("/quizzes/")[0] + "/")
    page.locator(".outline__lesson", has_text="Saying goodbye").get_by_text("Saying goodbye").click()
    expect(page.get_by_text("Pass the quiz")).to_be_visible()
    page.goto(quiz_url)
    page.get_by_label("shukran").check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("Not passed")).to_be_visible()
    expect(page.get_by_text("That means thank you.")).to_be_visible()
    page.get_by_role("link", name="Try again").click()
    page.get_by_label("marhaba").check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text(re.compile("Passed with 100"))).to_be_visible()
    page.get_by_role("link", name=re.compile("Continue: Saying goodbye")).click()
    expect(page.get_by_text("Maa salama means goodbye.")).to_be_visible()
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_text("You completed the course. Well done!")).to_be_visible()
    assert Enrollment.objects.get(student=student, course=course).status == Enrollment.Status.COMPLETED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_student_portal_in_arabic_is_right_to_left(page):
    from tests.learning.factories import CourseFactory, EnrollmentFactory, LessonFactory, ModuleFactory

    student = UserFactory(preferred_language="ar")
    course = CourseFactory(title="العربية للمبتدئين")
    LessonFactory(module=ModuleFactory(course=course))
    EnrollmentFactory(student=student, course=course)
    login(page, student.email, PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": page.url}])
    page.goto(f"/learn/courses/{course.slug}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="العربية للمبتدئين")).to_be_visible()
