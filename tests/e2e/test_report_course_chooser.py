"""An admin narrows the enrollment funnel to one course through Wagtail's course chooser: the page lists no
course, the modal does, and the chosen course stays shown while the report is redrawn for it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_back_office import admin_login
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_chooses_a_course_in_the_chooser_and_the_funnel_follows(page):
    from tests.learning.factories import CourseFactory

    admin = UserFactory(email="ada@example.test", admin=True)
    courses = [CourseFactory(title=f"Course number {number:02d}") for number in range(12)]
    chosen = courses[0]

    admin_login(page, admin.email)
    page.goto("/admin/reports/funnel/")
    expect(page.get_by_role("heading", name="Enrollment funnel")).to_be_visible()
    expect(page.locator("option", has_text="Course number")).to_have_count(0)

    page.get_by_role("button", name="Show filters").click()
    page.get_by_role("button", name="Course").click()
    page.get_by_role("button", name="Choose Course").click()
    modal = page.locator(".modal")
    modal.get_by_role("link", name=chosen.title).click()

    expect(page).to_have_url(re.compile(rf"course={chosen.pk}\b"))
    expect(page.get_by_role("button", name=f"Course: {chosen.title}")).to_be_visible()
    expect(page.locator("#id_course-title")).to_have_text(chosen.title)
