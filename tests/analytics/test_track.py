import json
from datetime import UTC, datetime

import time_machine

import analytics
from analytics.models import Event


def test_track_records_name_user_time_and_properties(student):
    with time_machine.travel("2026-11-27 09:30Z", tick=False):
        event = analytics.track("checkout_started", user=student, course=7, currency="SAR")
    event.refresh_from_db()
    assert event.name == "checkout_started"
    assert event.user == student
    assert event.occurred_at == datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    assert event.properties == {"course": 7, "currency": "SAR"}


def test_track_turns_model_instances_into_their_keys(student, teacher):
    event = analytics.track("booking_made", user=student, teacher=teacher)
    assert event.properties == {"teacher": teacher.pk}


def test_page_visit_beacon_records_the_visit_with_referrer_and_utm(client, db):
    payload = {
        "path": "/en/courses/arabic/",
        "referrer": "https://news.example/article",
        "params": {"utm_source": "newsletter", "utm_campaign": "autumn"},
    }
    response = client.post("/t/visit/", json.dumps(payload), content_type="text/plain")
    assert response.status_code == 204
    visit = Event.objects.get(name="page_visit")
    assert (visit.path, visit.referrer, visit.utm_source, visit.utm_campaign) == (
        "/en/courses/arabic/",
        "https://news.example/article",
        "newsletter",
        "autumn",
    )
    assert visit.session_key == ""  # a first anonymous visit creates no session
    assert visit.user is None


def test_later_events_of_the_visit_carry_its_first_attribution(client, student):
    client.force_login(student)
    client.post("/t/visit/", json.dumps({"path": "/en/", "params": {"utm_source": "ads"}}), content_type="text/plain")
    client.post("/t/visit/", json.dumps({"path": "/en/", "params": {"utm_source": "later"}}), content_type="text/plain")
    latest = Event.objects.order_by("-pk").first()
    assert latest.utm_source == "ads"
    assert latest.user == student


def test_a_malformed_beacon_is_refused_and_records_nothing(client, db):
    assert client.post("/t/visit/", "not json", content_type="text/plain").status_code == 400
    assert client.post("/t/visit/", json.dumps({"path": 5}), content_type="text/plain").status_code == 400
    assert client.post("/t/visit/", "x" * 5000, content_type="text/plain").status_code == 413
    assert client.get("/t/visit/").status_code == 405
    assert not Event.objects.exists()


def test_page_visit_beacon_refuses_json_nested_past_the_parsers_stack(client, db):
    body = '{"path": "/en/", "params": ' + "[" * 2_000 + "]" * 2_000 + "}"
    response = client.post("/t/visit/", body, content_type="text/plain")
    assert response.status_code == 400
    assert response.json() == {"error": "Beacon must be a JSON object."}
    assert not Event.objects.exists()


def test_tracking_an_event_is_one_insert_and_leaves_the_reference_index_alone(student, django_assert_num_queries):
    from django.urls import resolve
    from wagtail.models import ReferenceIndex

    resolve("/admin/")  # the admin's viewsets are registered, as in a running site
    with django_assert_num_queries(1):
        event = analytics.track("lesson_completed", user=student, lesson=3)
    assert not ReferenceIndex.objects.filter(object_id=str(event.pk), content_type__model="event").exists()
