"""The tutor's boxes in the portal: a placeholder on the page, decided without a query from the cached rules, and
the box itself fetched after the page, for the student it belongs to, in a fixed number of queries."""

import pytest

from tests.learning.factories import CourseFactory, EnrollmentFactory
from tutor import rules, services
from tutor.models import CourseTutor, Exchange, TutorSettings

pytestmark = pytest.mark.django_db

DASHBOARD_PANEL = "/learn/tutor/for-dashboard/"


def lesson_panel_url(tutored):
    return f"/learn/courses/{tutored.course.slug}/tutor/lessons/{tutored.greetings.pk}/"


def test_the_rules_are_read_once_and_again_after_a_change(django_assert_num_queries):
    TutorSettings.load()
    with django_assert_num_queries(2):  # the rules and the switched-off courses
        assert rules.current().enabled
    with django_assert_num_queries(0):
        assert rules.current().enabled and rules.offered_for(1)
    saved = TutorSettings.load()
    saved.enabled = False
    saved.save()
    assert not rules.current().enabled


def test_switching_a_course_off_is_seen_at_once(tutored):
    assert rules.offered_for(tutored.course.pk)
    setting = CourseTutor.objects.create(course=tutored.course, enabled=False)
    assert not rules.offered_for(tutored.course.pk)
    setting.delete()
    assert rules.offered_for(tutored.course.pk)


def test_a_switched_off_course_has_no_placeholder_and_an_empty_panel(client, tutored, student):
    CourseTutor.objects.create(course=tutored.course, enabled=False)
    client.force_login(student)
    page = client.get(f"/learn/courses/{tutored.course.slug}/lessons/{tutored.greetings.pk}/").content.decode()
    assert "data-panel=" not in page
    response = client.get(lesson_panel_url(tutored))
    assert response.status_code == 200 and response.content == b""
    assert client.get(DASHBOARD_PANEL).content == b""


def test_the_tutor_switched_off_everywhere_leaves_the_dashboard_alone(client, tutored, student):
    saved = TutorSettings.load()
    saved.enabled = False
    saved.save()
    client.force_login(student)
    assert "/learn/tutor/for-dashboard/" not in client.get("/learn/").content.decode()


@pytest.mark.parametrize("who", ["anonymous", "other_student", "teacher"])
def test_only_the_enrolled_student_gets_the_lesson_panel(client, request, tutored, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(lesson_panel_url(tutored))
    assert response.status_code in (302, 403)
    assert b"data-tutor-form" not in response.content


def test_a_lesson_of_another_course_gets_no_panel(client, tutored, student, teacher):
    from tests.learning.factories import LessonFactory, ModuleFactory

    other = LessonFactory(module=ModuleFactory(course=CourseFactory(teachers=[teacher])))
    client.force_login(student)
    response = client.get(f"/learn/courses/{tutored.course.slug}/tutor/lessons/{other.pk}/")
    assert response.status_code == 403 and b"data-tutor-form" not in response.content


@pytest.mark.parametrize("who", ["anonymous", "teacher"])
def test_the_dashboard_panel_is_for_students(client, request, tutored, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(DASHBOARD_PANEL)
    assert response.status_code in (302, 403) and b"data-tutor-form" not in response.content


def test_the_dashboard_opens_the_latest_conversation_with_its_recent_exchanges(client, tutored, student, teacher):
    other = CourseFactory(teachers=[teacher], title="A second course")
    EnrollmentFactory(student=student, course=other)
    for question in ("What does marhaba mean?", "first", "second", "third", "How do I say goodbye?"):
        services.ask(student=student, course=tutored.course, question=question).answer()
    client.force_login(student)
    html = client.get(DASHBOARD_PANEL).content.decode()
    assert html.count("tutor-dashboard__course") == 2 and html.count('tutor-dashboard__course" open>') == 1
    assert html.index(tutored.course.title) < html.index("A second course")  # the latest conversation first
    assert "How do I say goodbye?" in html and "first" in html
    assert "What does marhaba mean?" not in html  # only the last four
    assert f'href="{tutored.page_url}"' in html  # the whole conversation


def test_the_dashboard_panel_reads_a_fixed_number_of_queries(
    client, tutored, student, teacher, django_assert_max_num_queries
):
    client.force_login(student)
    client.get(DASHBOARD_PANEL)

    def more():
        course = CourseFactory(teachers=[teacher])
        EnrollmentFactory(student=student, course=course)
        for question in ("hello?", "coffee?", "goodbye?"):
            services.ask(student=student, course=tutored.course, question=question).answer()

    # The session's user; the enrollments with their courses; the latest conversation's exchanges.
    with django_assert_max_num_queries(3) as few:
        client.get(DASHBOARD_PANEL)
    more()
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(DASHBOARD_PANEL).content.decode()
    assert html.count("tutor-dashboard__course") == 2 and Exchange.objects.count() == 3


def test_the_lesson_panel_reads_a_fixed_number_of_queries(client, tutored, student, django_assert_max_num_queries):
    client.force_login(student)
    client.get(lesson_panel_url(tutored))
    for question in ("hello?", "coffee?", "goodbye?", "tea?", "bread?"):
        services.ask(student=student, course=tutored.course, question=question).answer()
    # The user; the course; the lesson; the enrollment; the course's tutor settings; the latest exchanges.
    with django_assert_max_num_queries(6):
        html = client.get(lesson_panel_url(tutored)).content.decode()
    assert html.count('class="tutor__exchange"') == 4
