"""Course performance, AI tutor usage and the teacher's analytics page: every figure on a small known dataset,
rollups that give the same rows when run again and count late records, day boundaries in two time zones, who may
open what, and a fixed number of queries."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum
from django.urls import reverse

from analytics.models import CourseHour, LearnerHour, LessonHour, SessionHour, TutorTermHour
from analytics.reports import courses as report
from analytics.reports.teachers import Period
from analytics.rollups import engine
from commerce.models import Order, Payment, Refund
from learning.models import Enrollment, LessonProgress, QuizAttempt, Review
from partners.models import Cohort, CohortMember
from scheduling.models import Booking
from tests.factories import UserFactory
from tests.learning.factories import CourseFactory, EnrollmentFactory, LessonFactory, QuizFactory
from tests.scheduling.factories import live_session
from tutor.models import Conversation, Decision, Exchange

pytestmark = pytest.mark.django_db

# Monday 5 October 2026, 22:30 UTC: already Tuesday in Amman (UTC+3), still Monday in New York (UTC-4).
T0 = datetime(2026, 10, 5, 22, 30, tzinfo=UTC)
WEEK = Period(start=datetime(2026, 10, 1, tzinfo=UTC), end=datetime(2026, 10, 12, tzinfo=UTC))


def enroll(course, *, at=T0, completed_after=None, student=None, status=None):
    done = at + completed_after if completed_after else None
    return EnrollmentFactory(
        course=course,
        student=student or UserFactory(),
        enrolled_at=at,
        completed_at=done,
        status=status or (Enrollment.Status.COMPLETED if done else Enrollment.Status.ACTIVE),
    )


def attempt(enrollment, quiz, *, passed, at=T0, number=1):
    return QuizAttempt.objects.create(
        enrollment=enrollment, quiz=quiz, number=number, submitted_at=at, score=90 if passed else 20, passed=passed
    )


def ask(enrollment, question, *, at=T0, lesson=None, decision=Decision.ANSWERED, tokens=(100, 50), cost="0.0100"):
    conversation, _ = Conversation.objects.get_or_create(student=enrollment.student, course=enrollment.course)
    exchange = Exchange.objects.create(
        conversation=conversation,
        lesson=lesson,
        question=question,
        language="en",
        decision=decision,
        provider="offline",
        tokens_in=tokens[0],
        tokens_out=tokens[1],
        cost=Decimal(cost),
        cost_currency="USD",
    )
    Exchange.objects.filter(pk=exchange.pk).update(created_at=at)
    return exchange


def refund(course, *, at=T0):
    student = UserFactory()
    order = Order.objects.create(
        student=student, cart_key=f"c:{course.pk}:{student.pk}", currency="USD", subtotal=10, tax=0, total=10
    )
    payment = Payment.objects.create(
        order=order, student=student, gateway="test", reference=f"p{order.pk}", amount=10, currency="USD",
        reporting_currency="USD", exchange_rate=1, reporting_amount=10, course=course, captured_at=at,
    )  # fmt: skip
    return Refund.objects.create(
        payment=payment, gateway="test", reference=f"r{order.pk}", amount=10, currency="USD", created_at=at
    )


@pytest.fixture
def school(teacher, other_teacher, partner):
    """Arabic A1 (Tariq's, live) and French B1 (Tess's, recorded), with one partner cohort in Arabic A1."""
    arabic = CourseFactory(title="Arabic A1", teachers=[teacher], course_type="live", language="Arabic")
    french = CourseFactory(title="French B1", teachers=[other_teacher], language="French")
    lesson = LessonFactory(module__course=arabic, title="Greetings")
    quiz = QuizFactory(lesson=lesson)
    french_quiz = QuizFactory(lesson=LessonFactory(module__course=french))
    cohort = Cohort.objects.create(partner=partner, name="Amman school", seats_requested=5, seats=5)
    cohort.courses.set([arabic])
    member = UserFactory(display_name="Cora Cohort")
    CohortMember.objects.create(cohort=cohort, student=member)

    done = enroll(arabic, completed_after=timedelta(days=10), student=member)  # came with the cohort
    busy = enroll(arabic, student=UserFactory(display_name="Bilal Busy"))
    enroll(arabic, completed_after=timedelta(days=20))
    enroll(arabic, status=Enrollment.Status.REFUNDED)  # says nothing about teaching: not counted
    enroll(french, completed_after=timedelta(days=4))

    attempt(done, quiz, passed=False)
    attempt(done, quiz, passed=True, number=2)
    attempt(busy, quiz, passed=False)
    attempt(enroll(french, at=T0 - timedelta(days=1)), french_quiz, passed=True, at=T0 - timedelta(days=1))
    LessonProgress.objects.create(enrollment=busy, lesson=lesson, started_at=T0, last_viewed_at=T0, completed_at=T0)
    Review.objects.create(enrollment=done, course=arabic, rating=5, status="approved")
    Review.objects.create(enrollment=busy, course=arabic, rating=2, status="approved")
    Review.objects.filter(course=arabic).update(created_at=T0)
    refund(arabic)

    ask(busy, "How do I conjugate the past tense?", lesson=lesson)
    ask(busy, "Why is the past tense irregular?", lesson=lesson, at=T0 + timedelta(hours=2))
    ask(done, "What greeting is formal?", decision=Decision.REFUSED_TOPIC, tokens=(30, 0), cost="0.0010")
    ask(done, "Is the past tense regular here?", at=T0 - timedelta(hours=1))

    session = live_session(teacher, T0, course=arabic, attendances=["present", "late", "no_show", ""])
    live_session(teacher, T0, status="cancelled", course=arabic, attendances=["present"])
    engine.roll_up_pending()
    return arabic, french, lesson, cohort, session


def rows_by_course():
    return {row["course"]: row for row in report.course_performance(period=WEEK)}


def test_every_figure_of_the_course_performance_report(school):
    arabic = rows_by_course()["Arabic A1"]
    assert (arabic["enrolled"], arabic["completed"], arabic["completion_rate"]) == (3, 2, 67)
    assert arabic["days_to_complete"] == Decimal("15.0")  # 10 and 20 days
    assert (arabic["quiz_attempts"], arabic["quiz_passed"], arabic["quiz_pass_rate"]) == (3, 1, 33)
    assert (arabic["lessons_completed"], arabic["reviews"], arabic["rating"], arabic["refunds"]) == (
        1,
        2,
        Decimal("3.5"),
        1,
    )
    french = rows_by_course()["French B1"]
    assert (french["enrolled"], french["completion_rate"], french["days_to_complete"]) == (2, 50, Decimal("4.0"))
    assert (french["quiz_pass_rate"], french["rating"], french["refunds"]) == (100, None, 0)


def test_the_report_filters_by_language_teacher_and_course_type(school, other_teacher):
    assert [row["course"] for row in report.course_performance(period=WEEK, language="French")] == ["French B1"]
    assert [row["course"] for row in report.course_performance(period=WEEK, teacher_id=other_teacher.pk)] == [
        "French B1"
    ]
    assert [row["course"] for row in report.course_performance(period=WEEK, course_type="live")] == ["Arabic A1"]


def test_a_rollup_run_again_gives_the_same_rows(school):
    def snapshot():
        return {
            model.__name__: sorted(
                (tuple(v for k, v in row.items() if k != "id") for row in model.objects.values()), key=str
            )
            for model in (CourseHour, LearnerHour, LessonHour, TutorTermHour, SessionHour)
        }

    before = snapshot()
    engine.rebuild_days(days=[date(2026, 10, 4), date(2026, 10, 5), date(2026, 10, 6)])
    assert snapshot() == before and before["CourseHour"] and before["TutorTermHour"]


def test_late_and_changed_records_are_counted_on_their_own_day(school):
    arabic, _french, lesson, _cohort, session = school
    late = enroll(arabic, at=T0 - timedelta(days=3))  # stored now, dated three days ago
    attempt(late, lesson.quiz, passed=True, at=T0 - timedelta(days=3))
    busy = Enrollment.objects.get(student__display_name="Bilal Busy")
    busy.status, busy.completed_at = Enrollment.Status.COMPLETED, T0 + timedelta(days=2)
    busy.save()  # completed later: its enrollment day is rebuilt
    booking = session.bookings.get(attendance="")
    booking.attendance = Booking.Attendance.PRESENT
    booking.save()
    rebuilt = engine.roll_up_pending()
    assert date(2026, 10, 2) in rebuilt["course_performance"] and date(2026, 10, 5) in rebuilt["live_classes"]
    arabic_row = rows_by_course()["Arabic A1"]
    assert (arabic_row["enrolled"], arabic_row["completed"], arabic_row["quiz_attempts"]) == (4, 3, 4)
    figures = report.teacher_analytics(course_ids=[arabic.pk], period=WEEK, zone=UTC).courses[0]
    assert (figures["attended"], figures["recorded"], figures["attendance_rate"]) == (3, 4, 75)


@pytest.mark.parametrize(
    "zone, questions",
    # Questions at 20:30, 21:30, 22:30 (two) and 00:30 UTC. In Amman (UTC+3) 21:30 UTC is already Tuesday, so only
    # the first is Monday's; in New York (UTC-4) all five are Monday's.
    [("Asia/Amman", [0, 1, 4]), ("America/New_York", [0, 5, 0])],
)
def test_tutor_usage_days_are_the_admins_days(school, zone, questions):
    ask(Enrollment.objects.get(student__display_name="Bilal Busy"), "Late on Monday", at=T0 - timedelta(hours=2))
    engine.roll_up_pending()
    tz = ZoneInfo(zone)
    days = (date(2026, 10, 4), date(2026, 10, 6))
    period = Period(
        start=datetime.combine(days[0], time.min, tzinfo=tz),
        end=datetime.combine(days[1] + timedelta(days=1), time.min, tzinfo=tz),
    )
    usage = report.tutor_usage(period=period, days=days, zone=tz)
    assert [row["day"] for row in usage.days] == [date(2026, 10, 4), date(2026, 10, 5), date(2026, 10, 6)]
    assert [row["questions"] for row in usage.days] == questions


def test_tutor_usage_by_course_top_users_and_themes(school):
    usage = report.tutor_usage(period=WEEK, days=(date(2026, 10, 1), date(2026, 10, 11)), zone=UTC)
    (arabic,) = usage.by_course
    assert (arabic["questions"], arabic["refused"], arabic["tokens_in"], arabic["tokens_out"]) == (4, 1, 330, 150)
    assert arabic["cost"] == Decimal("0.031")
    assert [(row["student__display_name"], row["questions"]) for row in usage.top_users] == [
        ("Cora Cohort", 2),  # the same number of questions: the earlier account first
        ("Bilal Busy", 2),
    ]
    # "past" and "tense" are in three questions of four: more than half, so they tell nothing; nothing else recurs.
    assert report.themes(period=WEEK, course_ids=None) == []


def test_themes_are_the_terms_several_questions_share(school):
    arabic, *_ = school
    busy = Enrollment.objects.get(student__display_name="Bilal Busy")
    for question in ("Plural of book?", "Plural of pen?", "Dual or plural?", "Gender of sun?", "Gender of moon?"):
        ask(busy, question)
    engine.roll_up_pending()
    found = report.themes(period=WEEK, course_ids=[arabic.pk])
    assert [(row["word"], row["questions"]) for row in found] == [
        ("past", 3),
        ("plural", 3),  # as many questions: by term
        ("tense", 3),
        ("gender", 2),
    ]


def test_the_teachers_figures_per_course_cohort_hour_and_lesson(school, teacher):
    arabic, _french, lesson, _cohort, _session = school
    amman = report.teacher_analytics(course_ids=[arabic.pk], period=WEEK, zone=ZoneInfo("Asia/Amman"))
    (row,) = amman.courses
    assert (row["active"], row["completion_rate"], row["quiz_pass_rate"]) == (2, 67, 33)
    assert (row["sessions"], row["recorded"], row["attended"], row["attendance_rate"]) == (1, 3, 2, 67)
    assert (row["questions"], row["cost"]) == (4, Decimal("0.031"))
    assert [(c["cohort__name"], c["enrolled"], c["completion_rate"], c["quiz_pass_rate"]) for c in amman.cohorts] == [
        ("Amman school", 1, 100, 50)
    ]
    # Monday 22:30 UTC is Tuesday 01:30 in Amman: three quiz attempts, a lesson and two questions; 21:30 UTC is
    # 00:30, one question, and 00:30 UTC the next day is 03:30, another.
    assert amman.heat_map[1]["hours"][:4] == [1, 6, 0, 1]
    assert sum(sum(day["hours"]) for day in amman.heat_map) == 8 and amman.heat_max == 6
    assert [(c["lesson_id"], c["questions"], c["failed"], c["fail_rate"]) for c in amman.candidates] == [
        (lesson.pk, 2, 2, 67)
    ]


def test_headline_figures_for_the_admin_home(school):
    assert report.headline(period=WEEK) == {"completions": 3, "tutor_questions": 4, "tutor_cost": Decimal("0.031")}


# The screens ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["course_performance", "tutor_usage_report"])
def test_admins_read_the_reports_with_a_fixed_number_of_queries(
    client, admin_user, school, name, django_assert_max_num_queries
):
    client.force_login(admin_user)
    with django_assert_max_num_queries(40):
        response = client.get(reverse(name), {"period_from": "2026-10-01", "period_to": "2026-10-11"})
    html = response.content.decode()
    assert response.status_code == 200 and "Arabic A1" in html and "data-chart" in html
    assert (
        client.get(reverse(name), {"period_from": "2026-10-01", "period_to": "2026-10-11", "export": "csv"}).status_code
        == 200
    )


@pytest.mark.parametrize("name", ["course_performance", "tutor_usage_report"])
@pytest.mark.parametrize("who", [None, "student", "teacher", "partner", "marketing_editor"])
def test_only_admins_open_the_admin_reports(client, request, school, name, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(name))
    assert response.status_code in {302, 403} and "Arabic A1" not in response.content.decode()


@pytest.mark.parametrize(
    "query", [{"period_from": "2026-13-01"}, {"period_from": "2026-10-09", "period_to": "2026-10-01"}, {"course": "x"}]
)
def test_bad_filters_change_nothing_and_never_fail(client, admin_user, school, query):
    client.force_login(admin_user)
    assert client.get(reverse("tutor_usage_report"), query).status_code == 200


def test_a_teacher_sees_only_their_own_courses(client, school, teacher, other_teacher, django_assert_max_num_queries):
    client.force_login(teacher)
    with django_assert_max_num_queries(40):  # the portal's chrome, then ten for the figures
        response = client.get(reverse("analytics-portal:teacher"), {"start": "2026-10-01", "end": "2026-10-11"})
    html = response.content.decode()
    assert response.status_code == 200 and "Arabic A1" in html and "French B1" not in html
    assert "Bilal Busy" in html and "Amman school" in html and "Greetings" in html
    assert "How do I conjugate" not in html  # students' questions stay private unless the rules allow it
    client.force_login(other_teacher)
    html = client.get(
        reverse("analytics-portal:teacher"), {"start": "2026-10-01", "end": "2026-10-11"}
    ).content.decode()
    assert "French B1" in html and "Arabic A1" not in html and "Bilal Busy" not in html


def test_the_teachers_page_costs_the_same_queries_for_many_students(
    client, school, teacher, django_assert_max_num_queries
):
    arabic = school[0]
    for _ in range(30):
        ask(enroll(arabic), "Another question")
    engine.roll_up_pending()
    client.force_login(teacher)
    with django_assert_max_num_queries(40):  # the portal's chrome, then ten for the figures
        response = client.get(
            reverse("analytics-portal:teacher"), {"start": "2026-10-01", "end": "2026-10-11", "page": "2"}
        )
    assert response.status_code == 200 and "Page 2 of 2" in response.content.decode()


@pytest.mark.parametrize("who, status", [(None, 302), ("student", 403), ("partner", 403)])
def test_only_teachers_open_the_teachers_analytics(client, request, school, who, status):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("analytics-portal:teacher"))
    assert response.status_code == status and "Arabic A1" not in response.content.decode()


def test_the_teachers_page_refuses_a_backward_period_with_a_message(client, school, teacher):
    client.force_login(teacher)
    response = client.get(reverse("analytics-portal:teacher"), {"start": "2026-10-09", "end": "2026-10-01"})
    assert response.status_code == 200 and "must not be before its start" in response.content.decode()


def test_the_teachers_page_is_in_the_portal_nav_and_reads_right_to_left(client, school, teacher):
    teacher.preferred_language = "ar"
    teacher.save()
    client.force_login(teacher)
    html = client.get(reverse("analytics-portal:teacher"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert reverse("analytics-portal:teacher") in html


def test_the_generator_parts_make_learning_records_and_tutor_exchanges_that_roll_up(teacher):
    import random

    from analytics.datagen import World, learning_records, tutor_exchanges

    end = datetime(2026, 10, 10, tzinfo=UTC)
    world = World(
        students=20, events=0, payments=0, start=end - timedelta(days=30), end=end,
        random=random.Random(7), log=lambda line: None,
    )  # fmt: skip
    courses = [CourseFactory(teachers=[teacher]) for _ in range(3)]
    world.made.update(
        student_ids=[UserFactory().pk for _ in range(20)], course_ids=[c.pk for c in courses], teacher_ids=[teacher.pk]
    )
    learning_records.generate(world)
    tutor_exchanges.generate(world)
    assert Enrollment.objects.count() == len(world.made["enrollments"]) >= 20
    assert LessonProgress.objects.exists() and QuizAttempt.objects.exists() and Exchange.objects.exists()
    assert not Exchange.objects.filter(created_at__gte=end).exists()
    engine.roll_up_pending()
    rows = report.course_performance(period=Period(start=world.start - timedelta(days=1), end=end))
    assert sum(row["enrolled"] for row in rows) == Enrollment.objects.count()
    assert LearnerHour.objects.aggregate(n=Sum("tutor_questions"))["n"] == Exchange.objects.count()


def test_the_tutor_report_charts_questions_answers_and_refusals_by_day_beside_short_dates(client, admin_user, school):
    client.force_login(admin_user)

    response = client.get(reverse("tutor_usage_report"), {"period_from": "2026-10-01", "period_to": "2026-10-11"})

    chart = response.context["chart"]
    assert [dataset["label"] for dataset in chart["datasets"]] == ["Questions", "Answered", "Refused"]
    questions, answered, refused = (sum(dataset["data"]) for dataset in chart["datasets"])
    assert (questions, refused) == (4, 1) and answered <= questions - refused
    assert len(chart["labels"]) == 11
    assert "<td>01/10/2026</td>" in response.content.decode().replace(" ", "").replace("\n", "")
