"""Teacher performance in the admin's reports: figures on a small known dataset, the same few queries for one
teacher or twenty, a period filter, sorting, and admins only."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from analytics.admin_views import PeriodForm
from analytics.reports import teachers as report
from commerce.models import Order, Payment, Refund
from core.money import Money
from learning.models import Enrollment, Message, MessageThread, Review
from tests.factories import UserFactory
from tests.learning.factories import CourseFactory, EnrollmentFactory
from tests.scheduling.factories import live_session

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)


def enroll(course, *, completed=False, status=Enrollment.Status.ACTIVE, rating=None, review_status="approved"):
    enrollment = EnrollmentFactory(
        course=course,
        status=Enrollment.Status.COMPLETED if completed else status,
        enrolled_at=T0,
        completed_at=T0 + timedelta(days=20) if completed else None,
    )
    if rating:
        Review.objects.create(enrollment=enrollment, course=course, rating=rating, status=review_status)
    return enrollment


def pay(course, amount: str, currency: str, *, refunded: str | None = None, at=T0) -> Payment:
    student = UserFactory()
    order = Order.objects.create(
        student=student,
        cart_key=f"course:{course.pk}:{student.pk}",
        currency=currency,
        subtotal=Decimal(amount),
        tax=0,
        total=Decimal(amount),
        status=Order.Status.PAID,
    )
    payment = Payment.objects.create(
        order=order,
        student=student,
        gateway="test",
        reference=f"pay-{order.pk}",
        amount=Decimal(amount),
        currency=currency,
        reporting_currency=currency,
        exchange_rate=1,
        reporting_amount=Decimal(amount),
        course=course,
        captured_at=at,
    )
    if refunded:
        Refund.objects.create(
            payment=payment,
            gateway="test",
            reference=f"re-{order.pk}",
            amount=Decimal(refunded),
            currency=currency,
            created_at=at + timedelta(days=3),
        )
    return payment


def conversation(teacher, course, *turns):
    """turns: ("student" | "teacher", minutes after T0)."""
    student = UserFactory()
    thread = MessageThread.objects.create(course=course, teacher=teacher, student=student)
    for who, minutes in turns:
        message = Message.objects.create(thread=thread, sender=student if who == "student" else teacher, body="…")
        Message.objects.filter(pk=message.pk).update(created_at=T0 + timedelta(minutes=minutes))


@pytest.fixture
def dataset(teacher, other_teacher):
    """Tariq teaches A alone and B with Tess."""
    course_a = CourseFactory(title="Arabic A1", teachers=[teacher])
    course_b = CourseFactory(title="Arabic B1", teachers=[teacher, other_teacher])
    live_session(teacher, T0, course=course_a, attendances=["present", "late", "no_show", "cancelled"])
    live_session(teacher, T0 + timedelta(days=1), attendances=["absent"])
    live_session(teacher, T0, status="cancelled", attendances=["present"])
    live_session(teacher, datetime(2099, 1, 1, tzinfo=UTC), attendances=["present"])  # not held yet
    live_session(other_teacher, T0, course=course_b, attendances=["present"])

    enroll(course_a, completed=True, rating=5)
    enroll(course_a, rating=4)
    enroll(course_a, status=Enrollment.Status.REFUNDED, rating=1)  # not a completion figure; its review counts
    enroll(course_b, completed=True, rating=3)
    enroll(course_b, completed=True, rating=2, review_status="pending")

    pay(course_a, "100.00", "SAR", refunded="40.00")
    pay(course_a, "20.00", "USD")
    pay(course_b, "50.00", "USD", refunded="50.00")

    conversation(
        teacher, course_a, ("student", 0), ("student", 10), ("teacher", 120), ("student", 300), ("teacher", 360)
    )
    conversation(teacher, course_a, ("student", 0), ("teacher", 240), ("student", 420))
    conversation(other_teacher, course_b, ("student", 0), ("teacher", 30))
    return course_a, course_b


def test_the_figures_of_a_small_known_dataset(teacher, other_teacher, dataset, django_assert_num_queries):
    with django_assert_num_queries(6):
        figures = report.figures_by(teacher_ids=[teacher.pk, other_teacher.pk], now=datetime(2027, 1, 1, tzinfo=UTC))
    tariq, tess = figures[teacher.pk], figures[other_teacher.pk]

    assert (tariq.sessions, tariq.booked, tariq.attended, tariq.no_shows) == (2, 4, 2, 1)
    assert (tariq.attendance_rate, tariq.no_show_rate) == (50, 25)
    assert (tariq.enrollments, tariq.completed, tariq.completion_rate) == (4, 3, 75)
    assert (tariq.rating, tariq.ratings) == (Decimal("3.3"), 4)  # 5, 4, 1 and 3; the pending review waits
    assert (tariq.payments, tariq.refunded_payments, tariq.refund_rate) == (3, 2, 67)
    assert tariq.refunds == 2
    assert tariq.refunded == [Money(Decimal("40.00"), "SAR"), Money(Decimal("50.00"), "USD")]
    # Waits: 2 h (from the first of two messages), 1 h, 4 h; one message still waits.
    assert (tariq.replies, tariq.unanswered, tariq.response_median) == (3, 1, timedelta(hours=2))
    assert tariq.response_hours == Decimal("2.0")

    assert (tess.sessions, tess.attendance_rate, tess.no_show_rate) == (1, 100, 0)
    assert (tess.enrollments, tess.completion_rate, tess.rating, tess.ratings) == (2, 100, Decimal("3.0"), 1)
    assert (tess.refunds, tess.refunded, tess.refund_rate) == (1, [Money(Decimal("50.00"), "USD")], 100)
    assert (tess.replies, tess.response_median, tess.unanswered) == (1, timedelta(minutes=30), 0)


def test_a_teacher_without_activity_has_no_rates_rather_than_zeroes(teacher):
    figures = report.figures_by(teacher_ids=[teacher.pk])[teacher.pk]
    assert figures.attendance_rate is figures.completion_rate is figures.rating is figures.response_median is None
    assert (figures.sessions, figures.refunds, figures.refunded) == (0, 0, [])


def test_the_period_keeps_only_what_happened_in_it(teacher, dataset):
    before = report.Period(end=T0 - timedelta(days=1))
    assert report.figures_by(teacher_ids=[teacher.pk], period=before)[teacher.pk].sessions == 0
    first_day = report.Period(start=T0 - timedelta(hours=1), end=T0 + timedelta(hours=12))
    figures = report.figures_by(teacher_ids=[teacher.pk], period=first_day)[teacher.pk]
    assert (figures.sessions, figures.booked, figures.payments, figures.refunds) == (1, 3, 3, 0)


def test_per_course_figures_on_the_teachers_page(teacher, dataset):
    course_a, course_b = dataset
    by_course = report.figures_by_course(teacher=teacher)
    assert (by_course[course_a.pk].completion_rate, by_course[course_b.pk].completion_rate) == (50, 100)
    assert by_course[course_a.pk].refunded == [Money(Decimal("40.00"), "SAR")]
    assert (by_course[course_a.pk].sessions, by_course[course_b.pk].sessions) == (1, 0)


def test_the_list_sorts_by_any_figure_and_puts_teachers_without_it_last(teacher, other_teacher, dataset):
    idle = UserFactory(teacher=True, display_name="Aaron Idle")
    by_completion = report.teacher_rows(sort="completion", descending=True)
    assert [row.teacher for row in by_completion] == [other_teacher, teacher, idle]
    by_response = report.teacher_rows(sort="response")
    assert [row.teacher for row in by_response] == [other_teacher, teacher, idle]
    assert [row.teacher for row in report.teacher_rows()] == [idle, teacher, other_teacher]


# The admin screens ---------------------------------------------------------------------------------------------


def busy_teachers(count):
    for _ in range(count):
        teacher = UserFactory(teacher=True)
        course = CourseFactory(teachers=[teacher])
        live_session(teacher, T0, course=course, attendances=["present", "no_show"])
        enroll(course, completed=True, rating=4)
        pay(course, "30.00", "EUR", refunded="30.00")
        conversation(teacher, course, ("student", 0), ("teacher", 60))


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_costs_the_same_queries_for_1_or_20_teachers(client, admin_user, count, django_assert_max_num_queries):
    busy_teachers(count)
    client.force_login(admin_user)
    with django_assert_max_num_queries(24):  # the admin's chrome, then seven for the report whatever the count
        response = client.get(reverse("teacher_performance"), {"sort": "-completion"})
    assert response.status_code == 200
    assert response.content.decode().count("€30.00") == count


def test_the_teachers_page_costs_a_fixed_number_of_queries(
    client, admin_user, teacher, dataset, django_assert_max_num_queries
):
    client.force_login(admin_user)
    with django_assert_max_num_queries(32):
        response = client.get(reverse("teacher_performance_detail", args=[teacher.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "Performance of Tariq Teacher" in html
    assert "Arabic A1" in html and "Arabic B1" in html and "SAR" in html
    assert reverse("teacher_calendar", args=[teacher.pk]) in html


def test_the_list_filters_by_period_in_the_admins_time_zone(client, admin_user, teacher, dataset):
    client.force_login(admin_user)
    html = client.get(reverse("teacher_performance"), {"start": "2026-10-05", "end": "2026-10-05"}).content.decode()
    assert "67%" in html and "(2/3)" in html  # the first day's class only: 2 attended of 3 booked


@pytest.mark.parametrize(
    "query",
    [{"start": "2026-13-01"}, {"start": "2026-10-06", "end": "2026-10-01"}, {"sort": "'; drop table"}, {"p": "x"}],
)
def test_bad_filters_get_a_message_and_the_whole_report(client, admin_user, teacher, dataset, query):
    client.force_login(admin_user)
    response = client.get(reverse("teacher_performance"), query, follow=True)
    assert response.status_code == 200
    assert "Tariq Teacher" in response.content.decode()
    if "start" in query:
        assert [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("screen", ["list", "detail"])
@pytest.mark.parametrize("who", [None, "student", "teacher", "other_teacher", "partner", "marketing_editor"])
def test_only_admins_read_teacher_performance(client, request, teacher, dataset, screen, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    url = (
        reverse("teacher_performance") if screen == "list" else reverse("teacher_performance_detail", args=[teacher.pk])
    )
    response = client.get(url)
    assert response.status_code in {302, 403}
    assert "Tariq Teacher" not in response.content.decode()


def test_the_detail_of_someone_who_is_not_a_teacher_is_not_found(client, admin_user, student):
    client.force_login(admin_user)
    assert client.get(reverse("teacher_performance_detail", args=[student.pk]), follow=True).status_code == 404


def test_the_report_is_in_the_reports_menu_for_admins(client, admin_user):
    client.force_login(admin_user)
    assert reverse("teacher_performance") in client.get(reverse("wagtailadmin_home")).content.decode()


def test_dates_of_the_period_are_whole_days_in_the_admins_zone():
    form = PeriodForm({"start": "2026-10-05", "end": "2026-10-05"})
    assert form.is_valid()
    with timezone.override("Asia/Amman"):
        period = form.period()
    assert period.start == datetime(2026, 10, 4, 21, 0, tzinfo=UTC)
    assert period.end - period.start == timedelta(days=1)


def test_the_report_reads_right_to_left_in_arabic(client, admin_user, teacher, dataset):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "ar"
    profile.save()
    client.force_login(admin_user)
    html = client.get(reverse("teacher_performance")).content.decode()
    assert 'dir="rtl"' in html and "أداء المعلّمين" in html and "الحضور" in html
