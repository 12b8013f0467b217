"""Confusion themes: shown to admins and the course's teachers; the questions themselves only when allowed."""

import pytest
from django.urls import reverse

from analytics.rollups import engine
from tutor import services, themes
from tutor.models import TutorSettings

QUESTIONS = [
    "What does goodbye mean?",
    "How do I say goodbye politely?",
    "Is goodbye formal?",
    "How do I order coffee?",
    "Coffee with milk?",
    "hello?",
]


@pytest.fixture
def asked(tutored, student):
    for question in QUESTIONS:
        services.ask(student=student, course=tutored.course, question=question, lesson=tutored.food).answer()
    return tutored


def test_questions_are_grouped_by_the_topic_they_share(asked):
    report = themes.themes_for(course_id=asked.course.pk)
    assert report.questions == len(QUESTIONS)
    assert [(theme.label, theme.count) for theme in report.themes] == [("goodbye", 3), ("coffee", 2)]
    assert report.lessons == [(asked.food.pk, asked.food.title, len(QUESTIONS))]


def test_the_courses_teacher_sees_themes_but_not_the_questions(client, asked, teacher):
    client.force_login(teacher)
    response = client.get(f"/teach/courses/{asked.course.pk}/tutor-themes/")
    html = response.content.decode()
    assert response.status_code == 200 and "goodbye" in html and asked.food.title in html
    assert "How do I say goodbye politely?" not in html
    assert (
        f"/teach/courses/{asked.course.pk}/tutor-themes/"
        in client.get(f"/teach/courses/{asked.course.pk}/").content.decode()
    )


def test_the_teacher_sees_the_questions_when_the_rules_allow(client, asked, teacher):
    rules = TutorSettings.load()
    rules.teachers_read_conversations = True
    rules.save()
    client.force_login(teacher)
    assert (
        "How do I say goodbye politely?"
        in client.get(f"/teach/courses/{asked.course.pk}/tutor-themes/").content.decode()
    )


@pytest.mark.parametrize("who", ["other_teacher", "student"])
def test_other_people_cannot_see_a_courses_themes(client, asked, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/teach/courses/{asked.course.pk}/tutor-themes/").status_code == 403


def test_a_teacher_cannot_read_a_students_conversation(client, asked, teacher):
    client.force_login(teacher)
    assert client.get(asked.page_url).status_code == 403


def test_admins_see_themes_with_examples_and_usage(client, asked, admin_user):
    client.force_login(admin_user)
    html = client.get(f"/admin/tutor/themes/?course={asked.course.pk}").content.decode()
    assert "How do I say goodbye politely?" in html
    engine.roll_up_pending()
    usage = client.get(reverse("tutor_usage_report"), {"course": asked.course.pk}).content.decode()
    assert asked.course.title in usage and "Sam Student" in usage


def test_the_former_usage_page_leads_to_the_report_with_its_course(client, asked, admin_user):
    client.force_login(admin_user)
    response = client.get(f"/admin/tutor/usage/?course={asked.course.pk}")
    assert response.status_code == 301
    assert response["Location"] == f"{reverse('tutor_usage_report')}?course={asked.course.pk}"


@pytest.mark.parametrize("path", ["/admin/tutor/themes/", "/admin/reports/tutor-usage/"])
def test_teachers_cannot_open_the_admin_reports(client, teacher, path):
    teacher.is_staff = True
    teacher.save()
    client.force_login(teacher)
    assert client.get(path).status_code in (302, 403)


def test_the_usage_report_reads_a_fixed_number_of_queries(client, asked, admin_user, django_assert_max_num_queries):
    engine.roll_up_pending()
    client.force_login(admin_user)
    assert client.get(reverse("tutor_usage_report"), {"course": "%00"}).status_code == 200  # a bad filter is ignored
    with django_assert_max_num_queries(40):
        assert client.get(reverse("tutor_usage_report")).status_code == 200


def test_teacher_and_admin_pages_name_the_course_in_the_viewers_language(client, asked, teacher, admin_user):
    asked.course.save_translation("ar", title="أساسيات العربية")
    arabic = {"HTTP_ACCEPT_LANGUAGE": "ar"}
    client.force_login(teacher)
    page = client.get(f"/teach/courses/{asked.course.pk}/tutor-themes/", **arabic).content.decode()
    assert "أساسيات العربية" in page
    engine.roll_up_pending()
    client.force_login(admin_user)
    for path in (reverse("tutor_usage_report"), f"/admin/tutor/themes/?course={asked.course.pk}"):
        assert "أساسيات العربية" in client.get(path, **arabic).content.decode()
        assert asked.course.title in client.get(path).content.decode()
