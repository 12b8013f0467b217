"""Admin analytics on a generated school: each admin report's p50/p95 and queries (every `AnalyticsReport` with a
URL, so new reports are measured without touching this file), and how long one day's rebuild takes per rollup.

On PostgreSQL the school is full size (100,000 students, 1,000,000 events, 200,000 payments over a year); on
SQLite it is a tenth of that, and the note says so."""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

from bench.harness import Row

SEED = 16
ADMIN = "bench.analytics@fluentory.test"
FULL = {"students": 100_000, "events": 1_000_000, "payments": 200_000}
SMALL = {"students": 10_000, "events": 100_000, "payments": 20_000}
REQUESTS = 20
ROLLUP_RUNS = 5


def _on_postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def _scale() -> dict[str, int]:
    return FULL if _on_postgresql() else SMALL


def prepare():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    users = get_user_model().objects
    admin = {
        "display_name": "Bench admin",
        "is_admin": True,
        "is_superuser": True,
        "is_staff": True,
        "is_student": False,
    }
    users.update_or_create(email=ADMIN, defaults=admin)  # superuser: Wagtail's own access check lets it in
    if not users.filter(email=f"gen{SEED}-student1@example.test").exists():
        call_command("generate_analytics_data", seed=SEED, force=True, **_scale())


def reports() -> list[tuple[str, str]]:
    """(title, URL) of every admin analytics report's full page."""
    from django.urls import URLPattern, URLResolver, get_resolver, reverse

    from analytics.report_views import AnalyticsReport

    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                view = getattr(pattern.callback, "view_class", None)
                results_only = getattr(pattern.callback, "view_initkwargs", {}).get("results_only")
                if view and issubclass(view, AnalyticsReport) and not results_only and not pattern.pattern.converters:
                    found.append((str(view.page_title), reverse(namespace + pattern.name)))

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def _timed(client, url: str) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, secure=True)  # warm: templates compiled, caches filled (production cookies are HTTPS-only)
    timings = []
    for _request in range(REQUESTS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
    return timings, len(queries), response.status_code


def measure():
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from analytics.rollups import REGISTRY, engine

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(email=ADMIN))
    scale = _scale()
    size = ", ".join(f"{count:,} {name}" for name, count in scale.items())
    note = size + ("" if _on_postgresql() else " (SQLite: a tenth of the full school; use PostgreSQL for that)")
    today = timezone.localdate()
    year = f"?period_from={today - timedelta(days=364):%Y-%m-%d}&period_to={today:%Y-%m-%d}"
    rows = []
    for title, url in reports():
        for span, query in (("30 days", ""), ("a year", year)):
            timings, queries, status = _timed(client, url + query)
            if status != 200:
                raise SystemExit(f"{url + query} answered HTTP {status}, not the report")
            p95 = statistics.quantiles(timings, n=20)[-1]
            rows.append(
                Row(
                    f"analytics: {title}, {span}, p95",
                    f"{p95:.0f} ms",
                    "< 200 ms",
                    f"p50 {statistics.median(timings):.0f} ms, {queries} queries, HTTP {status}; {note}",
                )
            )
    engine.discover()
    day = timezone.now().date() - timedelta(days=1)
    for name in sorted(REGISTRY):
        timings = []
        for _run in range(ROLLUP_RUNS):
            started = time.perf_counter()
            engine.rebuild_days(days=[day], names=[name])
            timings.append((time.perf_counter() - started) * 1000)
        rows.append(
            Row(f"analytics: rebuild one day of the {name} rollup", f"{statistics.median(timings):.0f} ms", "", note)
        )
    return rows
