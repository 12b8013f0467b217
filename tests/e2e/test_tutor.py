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
