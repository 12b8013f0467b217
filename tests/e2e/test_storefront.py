"""A visitor finds an Arabic A1 recorded course under a price in JOD, opens it, watches its free preview lesson and
is refused a lesson that is not a preview; in English and Arabic, on a desktop and a phone."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cms.models import CoursePage
from commerce.models import CoursePrice
from learning.models import Course
from tests.learning.factories import LessonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
REFUSED = {"en": "This lesson is for students of the course", "ar": "هذا الدرس لطلاب الدورة"}


@pytest.fixture
def storefront(e2e_site):
    for course in Course.objects.filter(pages__isnull=False).distinct():
        amount = Decimal("35") if course.slug == "arabic-a1-foundations" else Decimal("80")
        CoursePrice.objects.create(course=course, currency="JOD", amount=amount)
    foundations = Course.objects.get(slug="arabic-a1-foundations")
    module = foundations.modules.get()
    paid = LessonFactory(module=module, title="Letters and sounds", sort_order=5)
    return foundations, paid


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_visitor_finds_a_course_and_watches_its_free_preview(browser, live_server, storefront, lang, viewport):
    foundations, paid = storefront
    # The browser's region (Jordan) picks the currency on a first visit.
    context = browser.new_context(
        base_url=live_server.url,
        locale=f"{lang}-JO",
        viewport=VIEWPORTS[viewport],
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/courses/")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        page.select_option("#id_language", "Arabic")
        page.select_option("#id_level", "A1")
        page.select_option("#id_course_type", "recorded")
        page.fill("#id_max_price", "50")
        page.locator(".filters button[type=submit]").click()
        page.wait_for_url(re.compile(r"max_price=50"))
        cards = page.locator(".course-card")
        expect(cards).to_have_count(1)
        expect(cards.first.locator(".price")).to_contain_text("35")
        expect(cards.first.locator(".price")).to_contain_text(re.compile("JOD|د.أ.‏"))
        expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex, follow")

        cards.first.locator(".course-card__title a").click()
        course_page = CoursePage.objects.get(course=foundations, locale__language_code=lang)
        page.wait_for_url(re.compile(re.escape(course_page.url) + "$"))
        page.locator(".lesson-list a").first.click()
        page.wait_for_url(re.compile(r"/preview/\d+/$"))
        video = page.locator(".lesson-body video")
        expect(video).to_be_visible()
        page.wait_for_function("document.querySelector('.lesson-body video').readyState >= 1")  # it plays

        response = page.goto(course_page.url + course_page.reverse_subpage("preview", args=[paid.pk]))
        assert response.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text(REFUSED[lang])
        expect(page.locator("body")).not_to_contain_text("Marhaba means hello.")
    finally:
        context.close()
