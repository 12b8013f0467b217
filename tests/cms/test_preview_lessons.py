"""Free preview lessons: anyone opens them from the course page; every other lesson asks for a login or a purchase."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Page

from learning import lesson_files
from learning.models import Course, Lesson, LessonLock
from learning.services import authoring, governance
from tests.learning.factories import EnrollmentFactory, LessonFactory, ModuleFactory

from .conftest import parse
from .factories import CourseFactory, add_category, add_course_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_page(teacher):
    course = CourseFactory(title="Arabic first steps")
    course.teachers.add(teacher)
    return add_course_page(add_category(Page.objects.get(depth=2)), course)


@pytest.fixture
def lessons(course_page):
    module = ModuleFactory(course=course_page.course, title="Greetings")
    preview = LessonFactory(module=module, title="Hello and goodbye", is_preview=True)
    paid = LessonFactory(module=module, title="Introducing yourself")
    return preview, paid


def preview_url(page, lesson) -> str:
    return page.url + page.reverse_subpage("preview", args=[lesson.pk])


VISITORS = ["anonymous", "student", "enrolled", "teacher", "other_teacher", "partner", "admin_user"]


@pytest.fixture
def visitor(request, client, course_page, student):
    if request.param == "anonymous":
        return client
    if request.param == "enrolled":
        EnrollmentFactory(student=student, course=course_page.course)
        client.force_login(student)
        return client
    client.force_login(request.getfixturevalue(request.param))
    return client


@pytest.mark.parametrize("visitor", VISITORS, indirect=True)
def test_everyone_opens_a_preview_lesson(visitor, course_page, lessons):
    preview, _paid = lessons

    response = visitor.get(preview_url(course_page, preview))

    assert response.status_code == 200
    page = parse(response)
    assert page.h1.get_text() == "Hello and goodbye" and "Marhaba means hello." in page.get_text()
    assert page.find("a", href=course_page.url)  # back to the course, with its price and buy button


@pytest.mark.parametrize("visitor", [v for v in VISITORS if v != "enrolled"], indirect=True)
def test_a_lesson_that_is_not_a_preview_is_refused_with_a_login_and_a_purchase(visitor, course_page, lessons):
    _preview, paid = lessons

    response = visitor.get(preview_url(course_page, paid))

    assert response.status_code == 403
    text = response.content.decode()
    assert "Marhaba means hello." not in text and "This lesson is for students of the course" in text
    assert "/accounts/login/?next=" in text and f"/checkout/start/{course_page.course.slug}/" in text


def test_an_enrolled_student_is_sent_to_the_lesson_in_the_portal(client, student, course_page, lessons):
    _preview, paid = lessons
    EnrollmentFactory(student=student, course=course_page.course)
    client.force_login(student)

    response = client.get(preview_url(course_page, paid))

    assert response.status_code == 302
    assert response["Location"] == f"/learn/courses/{course_page.course.slug}/lessons/{paid.pk}/"


def test_a_lesson_of_another_course_is_not_found(client, course_page, lessons):
    elsewhere = LessonFactory(title="Elsewhere", is_preview=True)

    assert client.get(preview_url(course_page, elsewhere)).status_code == 404


@pytest.mark.parametrize(
    "change",
    [
        lambda course, lesson: Lesson.objects.filter(pk=lesson.pk).update(retired=True),
        lambda course, lesson: Lesson.objects.filter(pk=lesson.pk).update(live=False),
        lambda course, lesson: Course.objects.filter(pk=course.pk).update(status=Course.Status.DRAFT),
        lambda course, lesson: Course.objects.filter(pk=course.pk).update(visibility=Course.Visibility.PRIVATE),
        lambda course, lesson: LessonLock.objects.create(lesson=lesson, reason="Being fixed"),
        lambda course, lesson: LessonLock.objects.create(course=course, reason="Being fixed"),
    ],
    ids=["retired", "never-approved", "draft-course", "private-course", "locked-lesson", "locked-course"],
)
def test_a_preview_closes_with_its_lesson_or_course(client, course_page, lessons, change):
    preview, _paid = lessons
    change(course_page.course, preview)

    response = client.get(preview_url(course_page, preview))

    assert response.status_code in (403, 404)
    assert "Marhaba means hello." not in response.content.decode()


def test_the_course_page_lists_the_lessons_and_links_only_the_previews(client, course_page, lessons):
    preview, _paid = lessons

    page = parse(client.get(course_page.url))

    lesson_list = page.select_one(".lesson-list")
    assert [a["href"] for a in lesson_list.find_all("a")] == [preview_url(course_page, preview)]
    assert "Introducing yourself" in lesson_list.get_text() and "Free preview" in lesson_list.get_text()


def test_a_file_of_a_preview_lesson_is_served_to_anyone_and_a_file_of_another_lesson_is_not(lessons):
    preview, paid = lessons
    collection = lesson_files.lesson_files_collection()
    documents = {}
    for lesson, name in ((preview, "preview.pdf"), (paid, "paid.pdf")):
        document = Document.objects.create(
            title=name, file=ContentFile(b"%PDF-1.4 demo", name=name), collection=collection
        )
        lesson.body.append(("download", {"title": name, "document": document}))
        lesson.save()
        documents[name] = document

    assert lesson_files.may_read(user=AnonymousUser(), document=documents["preview.pdf"])
    assert not lesson_files.may_read(user=AnonymousUser(), document=documents["paid.pdf"])


def test_a_teacher_marks_a_preview_in_the_portal_and_it_opens_once_approved(
    client, teacher, admin_user, course_page, lessons
):
    _preview, paid = lessons
    client.force_login(teacher)

    client.post(f"/teach/lessons/{paid.pk}/", {"title": paid.title, "estimated_minutes": 10, "is_preview": "on"})

    paid.refresh_from_db()
    assert not paid.is_preview  # a draft until an admin approves it
    client.logout()
    assert client.get(preview_url(course_page, paid)).status_code == 403
    request = authoring.submit_for_review(course=course_page.course, teacher=teacher)
    governance.approve_changes(change_request=request, admin=admin_user)
    assert client.get(preview_url(course_page, paid)).status_code == 200


def test_the_demo_courses_each_have_one_preview_lesson(site):
    for course in Course.objects.filter(pages__isnull=False).distinct():
        assert course.lessons.filter(is_preview=True, live=True).count() == 1, course.slug
