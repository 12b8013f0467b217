"""The daily limits stay within bounds in the database too, whatever writes them, and the admin says why not."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tutor.models import MAX_DAILY_MESSAGES, MAX_DAILY_TOKENS, CourseTutor, TutorSettings


def _refused_by_the_database(instance):
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


@pytest.mark.parametrize(
    ("field", "value"),
    [("messages_per_day", MAX_DAILY_MESSAGES + 1), ("tokens_per_day", MAX_DAILY_TOKENS + 1), ("messages_per_day", -1)],
)
def test_the_rules_cannot_hold_a_limit_out_of_bounds(db, field, value):
    rules = TutorSettings.load()
    setattr(rules, field, value)
    _refused_by_the_database(rules)


@pytest.mark.parametrize(
    ("field", "value"),
    [("messages_per_day", MAX_DAILY_MESSAGES + 1), ("tokens_per_day", MAX_DAILY_TOKENS + 1), ("tokens_per_day", -5)],
)
def test_a_course_cannot_hold_a_limit_out_of_bounds(tutored, field, value):
    _refused_by_the_database(CourseTutor(course=tutored.course, **{field: value}))


def test_a_course_may_leave_its_limits_empty(tutored):
    CourseTutor.objects.create(course=tutored.course, messages_per_day=None, tokens_per_day=None)


def _rules_form(**changes):
    return {
        "enabled": "on",
        "allowed_tones": "",
        "default_tone": "friendly",
        "refused_topics": "",
        "redact_personal_data": "on",
        "supported_languages": "en, ar",
        "knowledge_source": "course",
        "messages_per_day": "50",
        "tokens_per_day": "50000",
    } | changes


def test_the_rules_form_says_which_limit_is_too_high(client, admin_user):
    client.force_login(admin_user)
    rules = TutorSettings.load()
    url = reverse("wagtailsettings:edit", args=["tutor", "tutorsettings", rules.pk])

    response = client.post(url, _rules_form(messages_per_day=str(MAX_DAILY_MESSAGES + 1)))

    assert response.status_code == 200
    assert f"less than or equal to {MAX_DAILY_MESSAGES}" in response.content.decode()
    assert TutorSettings.load().messages_per_day == 50
    assert client.post(url, _rules_form(messages_per_day="20")).status_code == 302
    assert TutorSettings.load().messages_per_day == 20


def test_the_course_form_says_a_limit_cannot_be_negative(client, admin_user, tutored):
    client.force_login(admin_user)

    response = client.post(
        reverse("tutor_courses:add"), {"course": tutored.course.pk, "enabled": "on", "tokens_per_day": "-5"}
    )

    assert response.status_code == 200
    assert "greater than or equal to 0" in response.content.decode()
    assert not CourseTutor.objects.exists()
