"""Teacher in Amman sets hours; student in London books, reschedules, then cancels late and reads the reason."""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.factories import PASSWORD, UserFactory

AMMAN, LONDON = ZoneInfo("Asia/Amman"), ZoneInfo("Europe/London")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_amman_teacher_and_london_student_book_reschedule_and_cancel(page, browser, live_server, request):
    from scheduling.services import credits

    teacher = UserFactory(teacher=True, display_name="Rania Haddad", time_zone="Asia/Amman")
    student = UserFactory(display_name="Lina Saleh", time_zone="Europe/London")
    credits.grant_credits(student=student, quantity=3, source="admin", reference="e2e")

    # The teacher sets weekly hours, every day 06:00-22:00 Amman time.
    page.set_default_timeout(30_000)  # generous: the machine is shared
    login(page, teacher.email, PASSWORD)
    page.goto("/teach/schedule/")
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        page.locator("#hours").get_by_label(day).check()
    page.locator("#hours").get_by_label("From").fill("06:00")
    page.locator("#hours").get_by_label("Until").fill("22:00")
    page.get_by_role("button", name="Add weekly hours").click()
    expect(page.get_by_text("Weekly hours saved.")).to_be_visible()

    # The student, in London, sees the slot 10:00 Amman (two days ahead) as London time and books it.
    day = timezone.now().astimezone(AMMAN).date() + timedelta(days=2)
    starts = datetime.combine(day, time(10), tzinfo=AMMAN)
    local = starts.astimezone(LONDON)
    student_context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    request.addfinalizer(student_context.close)
    student_page = student_context.new_page()
    student_page.set_default_timeout(30_000)
    login(student_page, student.email, PASSWORD)
    student_page.goto(f"/learn/sessions/teachers/{teacher.pk}/?from={local.date().isoformat()}")
    expect(student_page.get_by_text("Europe/London").first).to_be_visible()
    slot = student_page.locator(f'[data-starts-at="{starts.astimezone(UTC).isoformat()}"]')
    expect(slot).to_have_text(local.strftime("%H:%M"))
    slot.click()
    expect(student_page).to_have_url(re.compile(r"/learn/sessions/\d+/$"))
    expect(student_page.locator("[data-booking-start]")).to_contain_text(local.strftime("%H:%M"))

    # The teacher sees it at 10:00 in Amman.
    page.goto("/teach/schedule/sessions/")
    expect(page.locator(f'[data-session-start="{starts.isoformat()}"]')).to_contain_text("10:00")

    # The student moves it to the earliest free time (within 24 hours): allowed, more than 24 h before the start.
    student_page.get_by_role("link", name="Reschedule").click()
    student_page.locator(".slot-button").first.click()
    expect(student_page.get_by_text(re.compile("Moved. Rescheduled at least 24 hours"))).to_be_visible()

    # Cancelling now is late: the policy's reason is shown and the credit is forfeited.
    expect(student_page.locator("[data-cancel-preview]")).to_contain_text("Late cancellation")
    student_page.get_by_role("button", name="Cancel this booking").click()
    expect(student_page.get_by_text(re.compile("Cancelled. Late cancellation"))).to_be_visible()
    assert credits.balance(student=student) == 2
    page.goto("/learn/")  # leave the teacher page and its heartbeat before the database is flushed


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_arabic_booking_page_is_right_to_left_and_books(page):
    from scheduling.models import Booking, WeeklyWindow
    from scheduling.services import bookings, credits

    teacher = UserFactory(teacher=True, display_name="Rania Haddad", time_zone="Asia/Amman")
    schedule = bookings.schedule_for(teacher)
    for weekday in range(7):
        WeeklyWindow.objects.create(schedule=schedule, weekday=weekday, start_time=time(6), end_time=time(22))
    student = UserFactory(display_name="Omar Qasem", time_zone="Asia/Riyadh", preferred_language="ar")
    credits.grant_credits(student=student, quantity=1, source="admin", reference="e2e-ar")

    login(page, student.email, PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": page.url}])
    page.goto(f"/learn/sessions/teachers/{teacher.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator(".slot-button").first.click()
    expect(page).to_have_url(re.compile(r"/learn/sessions/\d+/$"))
    assert Booking.objects.filter(student=student, status="confirmed").count() == 1
