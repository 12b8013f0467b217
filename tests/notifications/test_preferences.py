"""Preferences per category and channel, consent for news and offers, and signed one-click unsubscribe."""

import pytest
from django.core import mail

from notifications import preferences, unsubscribe
from notifications.models import ConsentRecord, Notification
from notifications.preferences import Channels
from notifications.services import notify

pytestmark = pytest.mark.django_db


def _choose(user, category, *, in_app, email):
    preferences.set_channels(
        user=user, category=category, channels=Channels(in_app=in_app, email=email), source="preferences"
    )


def test_email_turned_off_keeps_the_notice_in_the_app(student, commit_now):
    _choose(student, "messages", in_app=True, email=False)
    notice = commit_now(lambda: notify(student, "learning.message", "New message", "Hi"))
    assert notice.email_state == Notification.EmailState.NONE and notice.in_app
    assert not mail.outbox


def test_in_app_turned_off_still_emails(student, commit_now):
    _choose(student, "live", in_app=False, email=True)
    notice = commit_now(lambda: notify(student, "session_reminder", "Class soon", "In 1 hour."))
    assert not notice.in_app
    assert len(mail.outbox) == 1


def test_essential_account_email_always_goes(student, commit_now):
    preferences.unsubscribe(user=student, category="account", source="preferences")
    commit_now(lambda: notify(student, "commerce.refund_rejected", "Refund not approved", "Sorry."))
    assert len(mail.outbox) == 1


def test_news_and_offers_are_off_until_the_person_opts_in(student, commit_now):
    commit_now(lambda: notify(student, "news", "Spring offer", "20% off."))
    assert not mail.outbox
    assert not ConsentRecord.objects.exists()


def test_opting_in_on_the_preferences_page_records_consent_with_time_and_source(client, student):
    client.force_login(student)
    page = client.get("/notifications/preferences/").content.decode()
    assert "News and offers" in page and "Always on" in page
    form = {f"{c}__{ch}": "on" for c in ("learning", "live", "messages") for ch in ("in_app", "email")}
    form["news__email"] = "on"
    client.post("/notifications/preferences/", form)
    record = ConsentRecord.objects.get()
    assert (record.user, record.category, record.channel, record.granted, record.source) == (
        student,
        "news",
        "email",
        True,
        "preferences",
    )
    assert record.created_at is not None
    assert preferences.channels_for(user=student, category="news") == Channels(in_app=False, email=True)


def test_turning_a_category_off_on_the_page_is_honoured(client, student, commit_now):
    client.force_login(student)
    form = {f"{c}__{ch}": "on" for c in ("live", "messages") for ch in ("in_app", "email")}
    client.post("/notifications/preferences/", form)  # learning left unticked
    notice = commit_now(lambda: notify(student, "learning.lesson_unlocked", "Lesson 3 is open", ""))
    assert not notice.in_app and notice.email_state == Notification.EmailState.NONE
    assert not ConsentRecord.objects.exists()  # only news and offers need consent


def test_non_essential_email_carries_one_click_unsubscribe(student, commit_now, settings):
    settings.SITE_URL = "https://fluentory.example"
    commit_now(lambda: notify(student, "learning.announcement", "Course news", "Read this."))
    message = mail.outbox[0]
    link = message.extra_headers["List-Unsubscribe"]
    assert link.startswith("<https://fluentory.example/notifications/unsubscribe/") and link.endswith("/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link[1:-1] in message.body and link[1:-1] in message.alternatives[0][0]


def test_essential_email_has_no_unsubscribe(student, commit_now):
    commit_now(lambda: notify(student, "commerce.refund_rejected", "Refund not approved", "Sorry."))
    message = mail.outbox[0]
    assert "List-Unsubscribe" not in message.extra_headers
    assert "unsubscribe" not in message.body.lower()


def test_a_valid_link_works_logged_out(client, student):
    url = unsubscribe.unsubscribe_url(user=student, category="learning")
    path = url.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path).content.decode()
    assert "Learning" in page and "<form" in page
    assert preferences.channels_for(user=student, category="learning").email
    done = client.post("/" + path).content.decode()
    assert "You will no longer get emails about" in done
    assert preferences.channels_for(user=student, category="learning") == Channels(in_app=True, email=False)


def test_the_mail_clients_one_click_post_needs_no_csrf_token(student):
    from django.test import Client

    _choose(student, "news", in_app=False, email=True)
    client = Client(enforce_csrf_checks=True)
    token = unsubscribe.make_token(user=student, category="news")
    response = client.post(f"/notifications/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not preferences.channels_for(user=student, category="news").email
    withdrawn = ConsentRecord.objects.order_by("-pk").first()
    assert (withdrawn.granted, withdrawn.source) == (False, "one_click")


@pytest.mark.parametrize("tamper", ["flip", "other_user", "essential"])
def test_a_tampered_link_is_refused_and_changes_nothing(client, student, other_student, tamper):
    token = unsubscribe.make_token(user=student, category="learning")
    if tamper == "flip":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif tamper == "other_user":
        token = token.replace(token.split(":")[0], unsubscribe.make_token(user=other_student, category="x")[:5])
    else:
        from django.core import signing

        token = signing.dumps({"u": student.pk, "c": "account"}, salt=unsubscribe.SALT, compress=True)
    response = client.post(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert preferences.channels_for(user=student, category="learning").email
    assert preferences.channels_for(user=other_student, category="learning").email
    assert not ConsentRecord.objects.exists()
