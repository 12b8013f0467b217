"""The tutor in the browser: a question asked beside a lesson streams its answer in, cites the lesson, and can be
rated; the same in Arabic, right to left."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.factories import PASSWORD
from tests.tutor.conftest import build_tutored


@pytest.fixture
def tutored(student, teacher):
    return build_tutored(student, teacher)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("language", "question", "quoted", "ask", "helpful"),
    [
        ("en", "What does goodbye mean?", "Maa salama means goodbye", "Ask", "Yes"),
        ("ar", "ماذا تعني مع السلامة؟", "مع السلامة", "اسأل", "نعم"),
    ],
)
def test_student_asks_the_tutor_beside_a_lesson(
    page,
    e2e_site,
    student,
    tutored,
    language,
    question,
    quoted,
    ask,
    helpful,
):
    login(page, student.email, PASSWORD)
    if language == "ar":
        page.locator("button[name=language][value=ar]").first.click()
    page.goto(f"/learn/courses/{tutored.course.slug}/lessons/{tutored.greetings.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    slot = page.locator("[data-panel]")
    expect(slot).to_have_attribute("aria-live", "polite")
    expect(slot).not_to_have_attribute("aria-busy", "true")  # the chat has arrived after the page
    page.locator("textarea[name=question]").fill(question)
    page.get_by_role("button", name=ask, exact=True).click()
    log = page.locator("[data-tutor-log]")
    expect(log.locator(".tutor__sources a").first).to_have_text(tutored.greetings.title)
    expect(log).to_contain_text(quoted)
    expect(page.locator("textarea[name=question]")).to_have_value("")
    log.get_by_role("button", name=helpful, exact=True).click()
    expect(log.get_by_role("button", name=helpful, exact=True)).to_have_attribute("aria-pressed", "true")
    href = log.locator(".tutor__sources a").first.get_attribute("href")
    assert f"/lessons/{tutored.greetings.pk}/#block-" in href


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_dashboard_tutor_shows_the_latest_exchanges_and_a_failed_load_says_so(page, e2e_site, student, tutored):
    from tutor import services

    services.ask(student=student, course=tutored.course, question="What does goodbye mean?").answer()
    login(page, student.email, PASSWORD)
    page.goto("/learn/")
    latest = page.locator("details.tutor-dashboard__course[open]")
    expect(latest).to_contain_text("What does goodbye mean?")
    expect(latest.get_by_role("link", name="All my questions about this course")).to_have_attribute(
        "href", tutored.page_url
    )
    latest.locator("textarea[name=question]").focus()  # reachable by keyboard once loaded
    page.route("**/tutor/lessons/**", lambda route: route.fulfill(status=500, body="down"))
    page.goto(f"/learn/courses/{tutored.course.slug}/lessons/{tutored.greetings.pk}/")
    expect(page.locator("[data-panel-failed]")).to_be_visible()
    expect(page.locator("[data-panel]")).not_to_have_attribute("aria-busy", "true")
    expect(page.get_by_role("link", name="Ask the tutor on its own page")).to_have_attribute("href", tutored.page_url)
