"""Every absolute URL starts with settings.SITE_URL, whatever host the request came on."""

import json
import re

import pytest
from django.core import mail
from django.test import override_settings
from icalendar import Calendar

from notifications.models import Notification
from notifications.tasks import send_notification_email
from scheduling.services import bookings, calendars
from tests.scheduling.factories import NOW, at, give_credits, make_schedule

BASE = "https://school.example:8443"


def attribute_urls(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


def json_ld_urls(html: str) -> list[str]:
    urls = []

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in {"url", "item", "@id"} and isinstance(item, str):
                    urls.append(item)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        walk(json.loads(block))
    return urls


@override_settings(SITE_URL=BASE)
def test_canonical_hreflang_open_graph_breadcrumbs_and_sitemap_use_the_site_url(client, site):
    home = client.get("/en/", HTTP_HOST="localhost").content.decode()
    inner_path = re.search(r'href="(/en/[a-z0-9-]+/)"', home).group(1)
    html = client.get(inner_path, HTTP_HOST="localhost").content.decode()

    canonical = attribute_urls(html, r'<link rel="canonical" href="([^"]+)"')
    og_url = attribute_urls(html, r'<meta property="og:url" content="([^"]+)"')
    hreflang = attribute_urls(html, r'<link rel="alternate" hreflang="[^"]+" href="([^"]+)"')
    structured = json_ld_urls(html)
    assert canonical == [BASE + inner_path]
    assert og_url == [BASE + inner_path]
    assert hreflang and all(url.startswith(BASE + "/") for url in hreflang)
    assert any(url == BASE + inner_path for url in structured)  # the page's own breadcrumb
    assert all(url.startswith(BASE + "/") for url in structured if "schema.org" not in url)

    sitemap = client.get("/sitemap.xml", HTTP_HOST="localhost").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(url.startswith(BASE + "/") for url in locations)
    robots = client.get("/robots.txt", HTTP_HOST="localhost").content.decode()
    assert f"Sitemap: {BASE}/sitemap.xml" in robots


@pytest.mark.django_db
@override_settings(SITE_URL=BASE)
def test_links_in_emails_use_the_site_url(student):
    notification = Notification.objects.create(
        user=student, kind="welcome", title="Hello", url="/learn/", email_state=Notification.EmailState.PENDING
    )
    send_notification_email(notification.pk)
    (message,) = [m for m in mail.outbox if m.subject.endswith("Hello")]
    assert f"{BASE}/learn/" in message.body


@pytest.mark.django_db
@override_settings(SITE_URL=BASE)
def test_calendar_files_link_to_the_site_url(teacher, student):
    make_schedule(teacher)
    give_credits(student)
    booking = bookings.book_private_session(student=student, teacher=teacher, starts_at=at(3, 9), now=NOW)
    (event,) = Calendar.from_ical(calendars.booking_ics(booking)).walk("VEVENT")
    assert str(event["URL"]) == f"{BASE}/learn/sessions/{booking.pk}/"


def test_seed_demo_points_the_wagtail_site_at_the_site_url(site):
    from wagtail.models import Site

    from cms import demo

    with override_settings(SITE_URL=BASE):
        demo.seed()  # safe to run again, as `make run` does on every start
    default = Site.objects.get(is_default_site=True)
    assert (default.hostname, default.port) == ("school.example", 8443)
