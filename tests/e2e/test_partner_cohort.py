"""A partner asks for a private cohort, an admin grants its seats in the Wagtail admin, a student signs in through
the join link, joins and shows up in the partner's progress overview; the cohorts page reads right to left in
Arabic."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from learning.models import Enrollment
from partners.models import Cohort
from tests.e2e.conftest import login, sign_out, switch_user
from tests.factories import PASSWORD, UserFactory
from tests.learning.factories import CourseFactory, LessonFactory, ModuleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_partner_cohort_approved_joined_and_seen_in_progress(page, e2e_site):
    partner = UserFactory(partner=True, display_name="Noor Partners")
    admin = UserFactory(admin=True, display_name="Amal Admin")
    student = UserFactory(display_name="Lina Student")
    course = CourseFactory(title="Arabic greetings")
    LessonFactory(module=ModuleFactory(course=course))

    # The partner asks for a cohort.
    login(page, partner.email, PASSWORD)
    page.goto("/partner/")
    page.get_by_role("navigation", name="Partner portal").get_by_role("link", name="Cohorts").click()
    page.get_by_role("link", name="Request a cohort").click()
    page.get_by_label("Cohort name").fill("Spring group")
    page.get_by_label("Arabic greetings", exact=True).check()
    page.get_by_label("Seats requested").fill("3")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Waiting for approval")).to_be_visible()
    cohort = Cohort.objects.get()

    # The admin grants two seats in the Wagtail admin.
    switch_user(page, admin.email)
    page.goto("/admin/partner-requests/cohorts/?status=pending")
    page.get_by_role("link", name="Spring group").click()
    page.get_by_label("Seats granted").fill("2")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("Cohort approved")).to_be_visible()

    # The partner copies the join link.
    switch_user(page, partner.email)
    page.goto(f"/partner/cohorts/{cohort.pk}/")
    join_link = urlsplit(page.locator("[data-join-link]").input_value()).path  # on SITE_URL, not the test server
    assert join_link == f"/cohorts/join/{Cohort.objects.get().join_token}/"

    # The student follows it, logs in, comes back and joins.
    sign_out(page)
    page.goto(join_link)
    page.get_by_role("link", name="Log in to join").click()
    page.get_by_label("Email").fill(student.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/cohorts/join/"))
    page.get_by_role("button", name="Join the cohort", exact=True).click()
    expect(page.get_by_text("You have joined Spring group")).to_be_visible()
    assert Enrollment.objects.get(student=student, course=course).source == Enrollment.Source.COHORT

    # The partner sees the student in the progress overview.
    switch_user(page, partner.email)
    page.goto(f"/partner/cohorts/{cohort.pk}/")
    row = page.locator(f"[data-member='{student.pk}']")
    expect(row).to_contain_text("Lina Student")
    expect(row).to_contain_text("0%")
    expect(page.get_by_text("1 of 2 seats taken")).to_be_visible()

    # In Arabic the page reads right to left.
    partner.preferred_language = "ar"
    partner.save(update_fields=["preferred_language"])
    site = urlsplit(page.url)
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": f"{site.scheme}://{site.netloc}/"}])
    page.goto("/partner/cohorts/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="المجموعات الخاصة")).to_be_visible()
