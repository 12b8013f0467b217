"""An admin opens the revenue report, narrows the date range and sees the chart drawn from other figures, then
downloads the table as CSV and finds its rows."""

import csv
import json
import re
from datetime import UTC, datetime

import pytest
import time_machine
from playwright.sync_api import expect

from tests.e2e.test_back_office import admin_login
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@time_machine.travel(datetime(2026, 3, 20, 12, tzinfo=UTC), tick=True)
def test_admin_changes_the_revenue_reports_range_and_downloads_its_csv(page):
    from analytics.rollups import engine
    from tests.analytics.factories import pay

    admin = UserFactory(email="ada@example.test", admin=True)
    pay("100.00", "USD", at=datetime(2026, 3, 2, 12, tzinfo=UTC))
    pay("50.00", "EUR", rate="1.1", at=datetime(2026, 3, 18, 12, tzinfo=UTC))
    engine.roll_up_pending(names=["revenue"])

    admin_login(page, admin.email)
    page.goto("/admin/reports/revenue/")
    expect(page.get_by_role("heading", name="Revenue")).to_be_visible()
    expect(page.locator("canvas[data-chart]")).to_be_visible()
    before = json.loads(page.locator("script#revenue-chart").text_content())
    assert len(before["labels"]) == 30 and len(before["datasets"]) == 2

    # The range is typed into the report's own filter: the results and the chart are redrawn in place.
    page.get_by_role("button", name="Show filters").click()
    page.get_by_role("button", name="Date range").click()
    page.get_by_placeholder("Date from").fill("2026-03-15")
    page.get_by_placeholder("Date to").fill("2026-03-20")
    page.get_by_placeholder("Date to").press("Tab")
    expect(page.get_by_role("cell", name="USD")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"period_from=2026-03-15&period_to=2026-03-20"))
    after = json.loads(page.locator("script#revenue-chart").text_content())
    assert after["labels"] == [f"2026-03-{day}" for day in range(15, 21)]
    assert [dataset["data"] for dataset in after["datasets"]] == [[0, 0, 0, 55.0, 0, 0]]
    expect(page.get_by_role("cell", name="EUR")).to_be_visible()
    # The chart on screen is redrawn from the new figures.
    page.wait_for_function(
        "() => Chart.getChart(document.querySelector('canvas[data-chart]'))?.data.labels.length === 6"
    )

    page.get_by_role("button", name="Actions").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    path = download.value.path()
    assert download.value.suggested_filename == "revenue-2026-03-15-2026-03-20.csv"
    with open(path, encoding="utf-8") as file:
        found = list(csv.reader(file))
    assert found[0][:3] == ["Day", "Currency", "Payments"]
    assert found[1:] == [["2026-03-18", "EUR", "1", "50.00", "0", "0.00", "50.00", "55.00", "0.00", "55.00"]]
