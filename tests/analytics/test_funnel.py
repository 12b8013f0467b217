"""Enrollment funnel: distinct visitors per step from known events, filters, day boundaries in the admin's time zone,
reruns, late events, the report's fixed queries and who may open it; the partner's analytics page."""

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from wagtail.users.models import UserProfile

from analytics.models import Event, FunnelVisitor
from analytics.reports import funnel as figures
from analytics.reports.teachers import Period
from analytics.rollups import engine
from commerce.models import Order, OrderLine
from commerce.partner_models import ReferralLink
from tests.factories import UserFactory
from tests.learning.factories import CourseFactory

pytestmark = pytest.mark.django_db

T = datetime(2026, 10, 5, 0, 0, tzinfo=UTC)
WEEK = Period(start=T, end=T + timedelta(days=7))


def event(name, at, *, user=None, session="", path="", source="", campaign="", **props):
    return Event.objects.create(
        name=name,
        user=user,
        session_key=session,
        occurred_at=at,
        path=path,
        utm_source=source,
        utm_campaign=campaign,
        properties=props,
    )


def order(student, course, *, partner=None):
    made = Order.objects.create(
        student=student, cart_key=f"course:{course.pk}", currency="USD", subtotal=10, tax=0, total=10, partner=partner
    )
    OrderLine.objects.create(order=made, course=course, description=course.title, unit_price=Decimal(10))
    return made


@pytest.fixture
def dataset(partner):
    arabic = CourseFactory(slug="arabic-a1", language="Arabic")
    english = CourseFactory(slug="english-b1", language="English")
    link = ReferralLink.objects.create(partner=partner, code="PCODE")
    u1, u2, u3 = UserFactory(), UserFactory(), UserFactory()
    h = lambda hours: T + timedelta(hours=hours)  # noqa: E731
    event("page_visit", h(10), session="s1", path="/en/courses/arabic-a1/", source="google")
    event("page_visit", h(10.3), session="s1", path="/en/", source="google")  # the same visitor, once
    event("page_visit", h(11), session="s2", path="/en/", source="partner", campaign=link.code)
    event("page_visit", h(12), path="/en/")  # no session yet: a visitor of its own
    event("page_visit", h(13), user=u1, session="s3", path="/en/courses/arabic-a1/", source="facebook")
    event("placement_started", h(13.1), user=u1, test=1)
    event("checkout_started", h(13.2), user=u1, order=order(u1, arabic).reference)
    event("enrolled", h(13.3), user=u1, course=arabic.pk)
    event("course_completed", h(50), user=u1, course=arabic.pk)
    event("page_visit", h(14), user=u2, session="s4", path="/en/", source="partner", campaign=link.code)
    event("checkout_started", h(14.1), user=u2, order=order(u2, english, partner=partner).reference)
    event("enrolled", h(14.2), user=u2, course=english.pk)
    event("page_visit", h(15), session="s5", path="/en/")  # signs in later that day as u3
    event("placement_started", h(15.5), user=u3, session="s5", test=1)
    event("lesson_started", h(16), user=u3, course=arabic.pk)  # not a funnel step
    engine.roll_up_pending(names=["funnel"])
    return {"arabic": arabic, "english": english, "link": link}


def counts(**filters):
    return [row.visitors for row in figures.funnel(period=WEEK, **filters)]


def test_every_step_counts_distinct_visitors_with_conversion_and_drop_off(dataset):
    rows = figures.funnel(period=WEEK)
    assert [row.visitors for row in rows] == [6, 2, 2, 2, 1]
    assert [row.of_previous for row in rows] == [None, 33.3, 100.0, 100.0, 50.0]
    assert [row.of_first for row in rows] == [None, 33.3, 33.3, 33.3, 16.7]
    assert [row.dropped for row in rows] == [None, 4, 0, 0, 1]


def test_filters_by_course_language_source_and_partner(dataset, partner):
    assert counts(course=dataset["arabic"]) == [2, 0, 1, 1, 1]
    assert counts(language="English") == [0, 0, 1, 1, 0]
    assert counts(utm_source="facebook") == [1, 1, 1, 1, 1]  # later steps keep the person's first touch
    assert counts(partner=partner) == [2, 0, 1, 1, 0]
    assert counts(partner=UserFactory(partner=True)) == [0, 0, 0, 0, 0]


def test_rerunning_a_day_gives_the_same_rows_and_a_late_event_is_counted(dataset):
    def snapshot():
        return sorted(
            map(str, FunnelVisitor.objects.values_list("bucket", "step", "visitor", "course", "utm_source", "partner"))
        )

    before = snapshot()
    engine.rebuild_days(days=[T.date(), (T + timedelta(days=2)).date()], names=["funnel"])
    assert snapshot() == before
    event("page_visit", T + timedelta(hours=20), session="late", path="/en/")  # stored now, happened on day one
    assert engine.roll_up_pending(names=["funnel"]) == {"funnel": [T.date()]}
    assert counts()[0] == 7


def test_the_utm_sources_to_filter_by_are_read_again_after_the_next_rollup(dataset, django_assert_num_queries):
    sources = figures.utm_sources()
    with django_assert_num_queries(1):  # the rollup's last run only: the list waits in the cache
        assert figures.utm_sources() == sources
    event("page_visit", T + timedelta(hours=2), session="new-source", path="/en/", source="zzz-podcast")
    engine.roll_up_pending(names=["funnel"])
    assert figures.utm_sources() == [*sources, "zzz-podcast"]


def test_headline_figures_count_new_enrollments_and_completions(dataset):
    assert figures.headline_figures(WEEK) == {"enrollments": 2, "completions": 1}
    assert figures.headline_figures(Period(start=T, end=T + timedelta(days=1))) == {"enrollments": 2, "completions": 0}


# The admin report ------------------------------------------------------------------------------------------------


def csv_of(response) -> str:
    return b"".join(response.streaming_content).decode()


@pytest.mark.parametrize(
    ("zone", "day", "visits"),
    [("America/New_York", "2026-10-05", 1), ("Asia/Amman", "2026-10-05", 0), ("Asia/Amman", "2026-10-06", 1)],
)
def test_the_period_is_whole_days_in_the_admins_time_zone(client, admin_user, zone, day, visits):
    event("page_visit", datetime(2026, 10, 5, 22, 30, tzinfo=UTC), session="night", path="/en/")
    engine.roll_up_pending(names=["funnel"])
    admin_user.time_zone = zone
    admin_user.save(update_fields=["time_zone"])
    profile = UserProfile.get_for_user(admin_user)
    profile.current_time_zone = zone
    profile.save()
    client.force_login(admin_user)
    response = client.get(reverse("analytics_funnel"), {"period_from": day, "period_to": day, "export": "csv"})
    assert csv_of(response).splitlines()[1] == f"Visit,{visits},,,"


def test_the_report_shows_every_step_with_a_bar_chart_and_exports_it(client, admin_user, dataset):
    client.force_login(admin_user)
    query = {"period_from": "2026-10-05", "period_to": "2026-10-11"}
    response = client.get(reverse("analytics_funnel"), query)
    assert response.status_code == 200
    assert response.context["chart"] == {
        "labels": ["Visit", "Placement test", "Checkout", "Enrollment", "Completion"],
        "datasets": [{"label": "Visitors", "data": [6, 2, 2, 2, 1]}],
        "type": "bar",
    }
    lines = csv_of(client.get(reverse("analytics_funnel"), {**query, "export": "csv"})).splitlines()
    assert lines[1:] == [
        "Visit,6,,,",
        "Placement test,2,33.3,33.3,4",
        "Checkout,2,100.0,33.3,0",
        "Enrollment,2,100.0,33.3,0",
        "Completion,1,50.0,16.7,1",
    ]
    filtered = client.get(reverse("analytics_funnel"), {**query, "course": dataset["arabic"].pk, "export": "csv"})
    assert csv_of(filtered).splitlines()[1:3] == ["Visit,2,,,", "Placement test,0,0.0,0.0,2"]


@pytest.mark.parametrize(
    "query",
    [
        {"period_from": "2026-13-01"},
        {"course": "x"},
        {"partner": "999999"},
        {"period_from": "2026-10-09", "period_to": "2026-10-01"},
    ],
)
def test_bad_filters_show_the_report_without_failing(client, admin_user, dataset, query):
    client.force_login(admin_user)
    assert client.get(reverse("analytics_funnel"), query).status_code == 200


@pytest.mark.parametrize("visitors", [1, 30])
def test_the_report_costs_the_same_queries_whatever_the_visitors(
    client, admin_user, visitors, django_assert_max_num_queries
):
    CourseFactory()
    for number in range(visitors):
        event("page_visit", T + timedelta(minutes=number), session=f"v{number}", path="/en/", source=f"s{number % 3}")
    engine.roll_up_pending(names=["funnel"])
    client.force_login(admin_user)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("analytics_funnel"), {"period_from": "2026-10-05", "period_to": "2026-10-05"})
    assert response.context["chart"]["datasets"][0]["data"][0] == visitors


@pytest.mark.parametrize("report", ["analytics_funnel", "analytics_retention"])
@pytest.mark.parametrize("who", [None, "student", "teacher", "partner", "marketing_editor"])
def test_only_admins_open_the_funnel_and_retention_reports(client, request, report, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(report)).status_code in {302, 403}


def test_the_reports_are_in_the_reports_menu_for_admins(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("analytics_funnel") in html and reverse("analytics_retention") in html


# The partner's page ----------------------------------------------------------------------------------------------


@time_machine.travel(datetime(2026, 10, 20, 12, tzinfo=UTC), tick=False)
def test_a_partner_sees_their_referred_visitors_funnel(client, partner, dataset, django_assert_max_num_queries):
    client.force_login(partner)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("partners:analytics"))
    assert response.status_code == 200
    assert [row.visitors for row in response.context["funnel"]] == [2, 0, 1, 1, 0]
    html = response.content.decode()
    assert 'id="funnel-chart"' in html and "chart.umd.min.js" in html and "charts.js" in html
    assert reverse("partners:analytics") in html  # the portal's navigation


@time_machine.travel(datetime(2026, 10, 20, 12, tzinfo=UTC), tick=False)
def test_another_partner_sees_none_of_them(client, dataset):
    client.force_login(UserFactory(partner=True))
    response = client.get(reverse("partners:analytics"))
    assert [row.visitors for row in response.context["funnel"]] == [0, 0, 0, 0, 0]


@pytest.mark.parametrize("who", [None, "student", "teacher", "admin_user"])
def test_only_partners_open_the_partner_analytics(client, request, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("partners:analytics")).status_code in {302, 403}


def test_a_bad_period_on_the_partner_page_falls_back_with_a_message(client, partner):
    client.force_login(partner)
    response = client.get(reverse("partners:analytics"), {"start": "2026-10-09", "end": "2026-10-01"}, follow=True)
    assert response.status_code == 200 and [str(m) for m in response.context["messages"]]


def test_the_partner_page_reads_right_to_left_in_arabic(client, partner):
    client.force_login(partner)
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("partners:analytics")).content.decode()
    assert 'dir="rtl"' in html and "التحليلات" in html


# The generator ---------------------------------------------------------------------------------------------------


def test_the_generator_writes_funnel_events_that_roll_up(partner):
    CourseFactory.create_batch(3)
    UserFactory.create_batch(5)
    call_command("generate_analytics_data", students=5, events=400, payments=1, days=20, stdout=io.StringIO())
    assert Event.objects.count() == 400
    names = set(Event.objects.values_list("name", flat=True))
    assert {"page_visit", "placement_started", "checkout_started", "enrolled", "lesson_completed"} <= names
    assert Event.objects.filter(utm_source="partner", utm_campaign__in=ReferralLink.objects.values("code")).exists()
    steps = figures.funnel(period=Period(start=T - timedelta(days=3650), end=T + timedelta(days=3650)))
    assert steps[0].visitors > steps[1].visitors > 0
