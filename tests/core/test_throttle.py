"""The cache-based limiter, through the anonymous visit beacon: per address, with windows that expire."""

import json

import pytest
import time_machine

from analytics.models import Event

pytestmark = pytest.mark.django_db

VISIT = json.dumps({"path": "/en/"})


@pytest.fixture(autouse=True)
def three_visits_a_minute(settings):
    settings.FLUENTORY_RATE_LIMITS = {**settings.FLUENTORY_RATE_LIMITS, "page_visit": "3/m/ip"}


def visit(client, address="203.0.113.7"):
    return client.post("/t/visit/", VISIT, content_type="text/plain", REMOTE_ADDR=address)


def test_the_beacon_past_its_limit_is_refused_and_records_nothing(client):
    with time_machine.travel("2027-01-04 06:00:05Z", tick=False):
        assert [visit(client).status_code for _ in range(3)] == [204, 204, 204]
        refused = visit(client)
    assert refused.status_code == 429
    assert refused.json() == {"error": "You have done this too often in a short time. Please try again in 1 minute."}
    assert refused["Retry-After"] == "55"
    assert Event.objects.filter(name="page_visit").count() == 3


def test_another_address_is_not_affected(client):
    with time_machine.travel("2027-01-04 06:00:05Z", tick=False):
        for _ in range(4):
            visit(client)
        assert visit(client, address="198.51.100.9").status_code == 204
        assert visit(client, address="2001:db8::1").status_code == 204
    assert Event.objects.filter(name="page_visit").count() == 5


def test_addresses_in_one_ipv6_64_share_a_limit(client):
    with time_machine.travel("2027-01-04 06:00:05Z", tick=False):
        for suffix in range(3):
            visit(client, address=f"2001:db8::{suffix + 1}")
        assert visit(client, address="2001:db8::ffff").status_code == 429


def test_the_limit_lifts_when_its_window_ends(client):
    with time_machine.travel("2027-01-04 06:00:05Z", tick=False) as clock:
        for _ in range(3):
            visit(client)
        assert visit(client).status_code == 429
        clock.move_to("2027-01-04 06:00:59Z")
        assert visit(client).status_code == 429
        clock.move_to("2027-01-04 06:01:00Z")
        assert visit(client).status_code == 204
    assert Event.objects.filter(name="page_visit").count() == 4


def test_the_refusal_reads_in_arabic(client):
    with time_machine.travel("2027-01-04 06:00:05Z", tick=False):
        for _ in range(3):
            visit(client)
        refused = client.post(
            "/t/visit/", VISIT, content_type="text/plain", REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="ar"
        )
    assert refused.status_code == 429
    assert "يُرجى المحاولة مرة أخرى بعد دقيقة واحدة" in refused.json()["error"]
