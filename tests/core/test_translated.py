"""A course's, bundle's or package's own texts in the site's other languages, and their admin fields."""

import pytest
from django.urls import reverse
from django.utils import translation

from learning.models import Course

from ..commerce.factories import SessionPackageFactory
from ..learning.factories import CourseFactory

pytestmark = pytest.mark.django_db


def test_the_title_reads_in_the_active_language_and_falls_back_to_the_default():
    course = CourseFactory(title="Everyday English", summary="For daily life.")
    course.save_translation("ar", title="الإنجليزية اليومية")

    with translation.override("ar"):
        assert (course.localized_title, course.localized_summary) == ("الإنجليزية اليومية", "For daily life.")
    with translation.override("en"):
        assert course.localized_title == "Everyday English"


def test_saving_the_same_translation_again_writes_nothing_and_an_empty_text_removes_it(django_assert_num_queries):
    package = SessionPackageFactory(title="Five sessions")
    package.save_translation("ar", title="خمس جلسات", description="دروس خاصة")
    with django_assert_num_queries(0):
        package.save_translation("ar", title="خمس جلسات", description="دروس خاصة")

    package.save_translation("ar", title="", description="")
    package.refresh_from_db()
    assert package.translations == {}
    with translation.override("ar"):
        assert package.localized_title == "Five sessions"


def test_an_admin_gives_a_course_its_arabic_title_in_the_course_form(client, admin_user):
    course = CourseFactory(title="Everyday English", summary="For daily life.")
    client.force_login(admin_user)
    edit = reverse("wagtailsnippets_learning_course:edit", args=[course.pk])
    page = client.get(edit).content.decode()
    assert 'name="title_ar"' in page and 'name="summary_ar"' in page

    form = {
        "title": course.title,
        "slug": course.slug,
        "summary": course.summary,
        "language": course.language,
        "level": course.level,
        "custom_level": "",
        "course_type": course.course_type,
        "estimated_hours": 10,
        "included_live_sessions": 0,
        "completion_sessions": 0,
        "status": course.status,
        "visibility": course.visibility,
        "title_ar": "  الإنجليزية اليومية ",
        "summary_ar": "",
    }
    response = client.post(edit, form)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Course.objects.get(pk=course.pk).translations == {"ar": {"title": "الإنجليزية اليومية"}}
    assert "الإنجليزية اليومية" in client.get(edit).content.decode()
