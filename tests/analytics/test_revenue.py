"""The revenue report: every figure on a small known set of payments and refunds, days cut in the admin's time
zone (Amman and New York), grouping by currency, course, teacher and partner, weeks and months, the chart, the
CSV export, bad filters, the same queries whatever the data's size, the admin home's figures, and admins only."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from wagtail.users.models import UserProfile

from analytics.rollups import engine
from tests.analytics.factories import pay, refund
from tests.learning.factories import CourseFactory

pytestmark = pytest.mark.django_db

URL = "/admin/reports/revenue/"
MARCH_10_11 = {"period_from": "2026-03-10", "period_to": "2026-03-11"}


@pytest.fixture
def dataset(teacher, other_teacher, partner):
    arabic = CourseFactory(title="Arabic A1", teachers=[teacher])
    french = CourseFactory(title="French B1", teachers=[other_teacher])
    usd = pay("100.00", "USD", at=datetime(2026, 3, 10, 22, 30, tzinfo=UTC), course=arabic, teacher=teacher)
    pay("50.00", "EUR", rate="1.1", at=datetime(2026, 3, 10, 10, tzinfo=UTC), course=arabic, teacher=teacher)
    pay(
        "20.000",
        "JOD",
        rate="1.41",
        at=datetime(2026, 3, 11, 12, tzinfo=UTC),
        course=french,
        teacher=other_teacher,
        partner=partner,
    )
    refund(usd, "40.00", at=datetime(2026, 3, 12, 2, tzinfo=UTC))
    engine.roll_up_pending(names=["revenue"])
    return {"arabic": arabic, "french": french, "usd": usd}


def in_zone(user, zone: str):
    profile = UserProfile.get_for_user(user)
    profile.current_time_zone = zone
    profile.save()
    return user


def rows(client, **query):
    response = client.get(URL, query)
    assert response.status_code == 200
    return response.context["object_list"]


def figures(found, *names):
    return [tuple(row[name] for name in names) for row in found]


BY_CURRENCY = ("step", "group", "payments", "gross", "refunds", "refunded", "net", "gross_converted", "net_converted")


def test_amman_days_by_currency_as_paid_and_converted(client, admin_user, dataset):
    client.force_login(in_zone(admin_user, "Asia/Amman"))  # UTC+3: 22:30 UTC on the 10th is the 11th
    assert figures(rows(client, **MARCH_10_11), *BY_CURRENCY) == [
        ("2026-03-10", "EUR", 1, Decimal("50"), 0, 0, Decimal("50"), Decimal("55"), Decimal("55")),
        ("2026-03-11", "USD", 1, Decimal("100"), 0, 0, Decimal("100"), Decimal("100"), Decimal("100")),
        ("2026-03-11", "JOD", 1, Decimal("20"), 0, 0, Decimal("20"), Decimal("28.2"), Decimal("28.2")),
    ]


def test_new_york_days_by_currency_count_the_refund_on_its_own_day(client, admin_user, dataset):
    client.force_login(in_zone(admin_user, "America/New_York"))  # UTC-4 in March: the refund's 02:00 is the 11th
    assert figures(rows(client, **MARCH_10_11), *BY_CURRENCY) == [
        ("2026-03-10", "USD", 1, Decimal("100"), 0, 0, Decimal("100"), Decimal("100"), Decimal("100")),
        ("2026-03-10", "EUR", 1, Decimal("50"), 0, 0, Decimal("50"), Decimal("55"), Decimal("55")),
        ("2026-03-11", "JOD", 1, Decimal("20"), 0, 0, Decimal("20"), Decimal("28.2"), Decimal("28.2")),
        ("2026-03-11", "USD", 0, Decimal("0"), 1, Decimal("40"), Decimal("-40"), Decimal("0"), Decimal("-40")),
    ]


CONVERTED = ("step", "group", "payments", "refunds", "gross_converted", "refunded_converted", "net_converted")


@pytest.mark.parametrize(
    ("group_by", "expected"),
    [
        ("course", [("2026-03-09", "Arabic A1", 2, 1, 155, 40, 115), ("2026-03-09", "French B1", 1, 0, 28.2, 0, 28.2)]),
        (
            "teacher",
            [("2026-03-09", "Tariq Teacher", 2, 1, 155, 40, 115), ("2026-03-09", "Tess Teacher", 1, 0, 28.2, 0, 28.2)],
        ),
        (
            "partner",
            [
                ("2026-03-09", "Direct sales (no partner)", 2, 1, 155, 40, 115),
                ("2026-03-09", "Pat Partner", 1, 0, 28.2, 0, 28.2),
            ],
        ),
    ],
)
def test_weekly_revenue_by_course_teacher_or_partner_in_the_reporting_currency(
    client, admin_user, dataset, group_by, expected
):
    client.force_login(in_zone(admin_user, "Asia/Amman"))
    query = {"period_from": "2026-03-09", "period_to": "2026-03-15", "group_by": group_by, "granularity": "week"}
    found = rows(client, **query)
    assert figures(found, *CONVERTED) == [(*row[:4], *(Decimal(str(amount)) for amount in row[4:])) for row in expected]
    assert "gross" not in found[0] or group_by == "currency"  # amounts as paid only make sense per currency


def test_monthly_trend_of_one_currency(client, admin_user, dataset):
    client.force_login(in_zone(admin_user, "Asia/Amman"))
    query = {"period_from": "2026-02-01", "period_to": "2026-03-31", "granularity": "month", "currency": "USD"}
    assert figures(rows(client, **query), "step", "group", "payments", "refunds", "net", "net_converted") == [
        ("2026-03", "USD", 1, 1, Decimal("60"), Decimal("60"))
    ]


def test_the_chart_stacks_each_currencys_net_revenue_over_every_day(client, admin_user, dataset):
    client.force_login(in_zone(admin_user, "America/New_York"))
    chart = client.get(URL, {"period_from": "2026-03-10", "period_to": "2026-03-12"}).context["chart"]
    assert chart["labels"] == ["2026-03-10", "2026-03-11", "2026-03-12"]
    assert chart["type"] == "bar" and chart["stacked"] is True
    data = {dataset["label"]: dataset["data"] for dataset in chart["datasets"]}
    assert data == {
        "Net revenue paid in EUR, in USD": [55.0, 0, 0],
        "Net revenue paid in JOD, in USD": [0, 28.2, 0],
        "Net revenue paid in USD, in USD": [100.0, -40.0, 0],
    }


def test_the_csv_export_has_the_tables_rows(client, admin_user, dataset):
    client.force_login(in_zone(admin_user, "Asia/Amman"))
    response = client.get(URL, {**MARCH_10_11, "export": "csv"})
    assert response.status_code == 200
    assert 'filename="revenue-2026-03-10-2026-03-11.csv"' in response["Content-Disposition"]
    found = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert found[0] == [
        "Day",
        "Currency",
        "Payments",
        "Paid (as paid)",
        "Refunds",
        "Refunded (as paid)",
        "Net (as paid)",
        "Paid (USD)",
        "Refunded (USD)",
        "Net (USD)",
    ]
    assert [row[:3] + row[-1:] for row in found[1:]] == [
        ["2026-03-10", "EUR", "1", "55.00"],
        ["2026-03-11", "USD", "1", "100.00"],
        ["2026-03-11", "JOD", "1", "28.20"],
    ]


@time_machine.travel(datetime(2026, 3, 20, 12, tzinfo=UTC), tick=False)
def test_by_default_the_last_30_days(client, admin_user, dataset):
    client.force_login(admin_user)
    response = client.get(URL)
    assert response.context["date_range"] == (datetime(2026, 2, 19).date(), datetime(2026, 3, 20).date())
    assert sum(row["payments"] for row in response.context["object_list"]) == 3


@pytest.mark.parametrize(
    "query",
    [
        {"group_by": "salary"},
        {"granularity": "hour"},
        {"currency": "XXX"},
        {"period_from": "2026-13-01"},
        {"period_from": "2026-03-12", "period_to": "2026-03-10"},
    ],
)
@time_machine.travel(datetime(2026, 3, 20, 12, tzinfo=UTC), tick=False)
def test_a_refused_filter_says_why_and_the_others_still_apply(client, admin_user, dataset, query):
    client.force_login(admin_user)
    response = client.get(URL, {"granularity": "month", **query})
    assert response.status_code == 200
    assert response.context["filters"].form.errors
    assert sum(row["payments"] for row in response.context["object_list"]) == 3


def test_the_same_queries_for_three_payments_or_thirty(client, admin_user, dataset, django_assert_max_num_queries):
    client.force_login(admin_user)
    query = {"period_from": "2026-03-01", "period_to": "2026-03-31", "group_by": "course"}
    with django_assert_max_num_queries(30) as few:
        before = len(client.get(URL, query).context["object_list"])
    for day in range(27):
        pay(
            "10.00",
            "GBP",
            rate="1.25",
            at=datetime(2026, 3, 1, tzinfo=UTC) + timedelta(days=day),
            course=CourseFactory(),
        )
    engine.roll_up_pending(names=["revenue"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, query)
    assert len(response.context["object_list"]) == before + 27


@pytest.mark.parametrize("who", [None, "student", "teacher", "partner", "marketing_editor"])
def test_only_admins_read_the_revenue_report(client, request, dataset, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    for query in ({}, {"export": "csv"}):
        response = client.get(URL, query)
        assert response.status_code in {302, 403}
        assert b"Arabic A1" not in response.content
    assert client.get(reverse("analytics_revenue_results")).status_code in {302, 403}


def test_the_report_is_in_the_reports_menu_for_admins_only(client, admin_user, marketing_editor):
    client.force_login(admin_user)
    assert URL in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(marketing_editor)
    assert URL not in client.get(reverse("wagtailadmin_home")).content.decode()


@time_machine.travel(datetime(2026, 3, 12, 1, tzinfo=UTC), tick=False)
def test_the_admin_home_shows_the_last_30_days_figures(client, admin_user, marketing_editor, dataset):
    refund(dataset["usd"], "10.00", at=datetime(2026, 3, 11, 23, tzinfo=UTC))  # 02:00 on the 12th in Amman
    pay("999.00", "USD", at=datetime(2026, 2, 10, 20, tzinfo=UTC))  # 23:00 on 10 February: a day too early
    engine.roll_up_pending(names=["revenue"])
    client.force_login(in_zone(admin_user, "Asia/Amman"))  # the 30 days: 11 February to 12 March
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "analytics-headline-figures" in html
    assert "$133.20" in html  # 100 + 55 + 28.20 paid, 10 + 40 refunded (the 12th is today in Amman)
    panel = html[html.index("analytics-headline-figures") : html.index("</dl>")]
    assert re.findall(r"<dd>(.*?)</dd>", panel)[:3] == ["$133.20", "3", "2"]  # money first, then learning
    client.force_login(marketing_editor)
    assert "analytics-headline-figures" not in client.get(reverse("wagtailadmin_home")).content.decode()
