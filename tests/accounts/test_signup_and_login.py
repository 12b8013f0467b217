import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from notifications.models import OutboxEmail
from tests.factories import PASSWORD, UserFactory

STRONG = "lantern-quietly-ninety-owls"


def sign_up(client, **overrides):
    data = {
        "email": "new.student@example.test",
        "display_name": "New Student",
        "time_zone": "Asia/Amman",
        "password1": STRONG,
        "password2": STRONG,
        **overrides,
    }
    return client.post("/accounts/signup/", data)


def confirmation_link(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", body).group(1)


def test_sign_up_creates_an_unverified_student_in_their_browser_time_zone(client, db):
    response = sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email="new.student@example.test")
    assert user.is_student and not user.is_teacher
    assert user.time_zone == "Asia/Amman"
    assert user.display_name == "New Student"
    assert not EmailAddress.objects.get(user=user).verified


def test_verification_email_is_kept_in_the_outbox_and_its_link_verifies(client, db):
    sign_up(client)
    kept = OutboxEmail.objects.get(to="new.student@example.test")
    assert len(mail.outbox) == 1
    link = confirmation_link(kept.body)
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new.student@example.test").verified


def test_unverified_person_cannot_log_in_until_verified(client, db):
    sign_up(client)
    client.logout()
    response = client.post("/accounts/login/", {"login": "new.student@example.test", "password": STRONG})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/learn/").status_code == 302


def test_unknown_time_zone_falls_back_to_utc(client, db):
    sign_up(client, time_zone="Mars/Olympus_Mons")
    assert User.objects.get(email="new.student@example.test").time_zone == "UTC"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"password1": "short", "password2": "short"}, "This password is too short."),
        ({"password1": "password1234", "password2": "password1234"}, "This password is too common."),
        ({"password2": "something-else-entirely"}, "You must type the same password each time."),
        ({"display_name": ""}, "This field is required."),
    ],
)
def test_bad_sign_up_says_why_and_creates_nothing(client, db, overrides, message):
    response = sign_up(client, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_duplicate_sign_up_creates_no_second_account(client, db):
    UserFactory(email="taken@example.test")
    sign_up(client, email="taken@example.test")
    assert User.objects.filter(email="taken@example.test").count() == 1


def test_log_in_leads_to_my_fluentory(client, student):
    response = client.post("/accounts/login/", {"login": student.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    portal = client.get("/learn/")
    assert portal.status_code == 200 and f"Welcome back, {student.name}" in portal.content.decode()


def test_wrong_password_is_refused_with_a_message(client, student):
    response = client.post("/accounts/login/", {"login": student.email, "password": "wrong-password-here"})
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.content.decode()


def test_repeated_failed_logins_cool_off_even_with_the_right_password(client, student):
    for _ in range(5):
        client.post("/accounts/login/", {"login": student.email, "password": "wrong-password-here"})
    response = client.post("/accounts/login/", {"login": student.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_cool_off_ends_by_itself(client, student):
    import time_machine

    with time_machine.travel("2026-11-27 10:00", tick=False):
        for _ in range(5):
            client.post("/accounts/login/", {"login": student.email, "password": "wrong-password-here"})
    with time_machine.travel("2026-11-27 10:06", tick=False):
        response = client.post("/accounts/login/", {"login": student.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert client.session["_auth_user_id"] == str(student.pk)


def test_password_reset_email_sets_a_new_password(client, student):
    client.post("/accounts/password/reset/", {"email": student.email})
    body = OutboxEmail.objects.get(to=student.email).body
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", body).group(1)
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(action, {"password1": STRONG, "password2": STRONG})
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.check_password(STRONG)


def test_password_reset_for_unknown_email_reveals_nothing_and_changes_nothing(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert not User.objects.exists()


def test_sign_ups_from_one_address_are_limited_and_the_refusal_is_readable(client, db):
    statuses = [sign_up(client, email=f"burst{n}@example.test").status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]
    assert User.objects.filter(email__startswith="burst").count() == 5
    assert len(mail.outbox) == 5
    client.cookies["django_language"] = "ar"
    refused = sign_up(client, email="burst-ar@example.test")
    assert refused.status_code == 429
    assert "يُرجى الانتظار قليلًا" in refused.content.decode()


def test_the_confirmation_email_uses_the_template_editors_wrote_in_the_persons_language(client, db):
    from wagtail.models import Locale

    from notifications.models import EmailTemplate

    english = Locale.objects.get_or_create(language_code="en")[0]
    template = EmailTemplate.objects.create(
        key="account.confirm_email", locale=english, subject="Welcome aboard", body="<p>Hi {{ name }}</p>"
    )
    arabic = template.copy_for_translation(Locale.objects.get_or_create(language_code="ar")[0])
    arabic.subject = "أهلًا بك"
    arabic.button_label = "أكّد عنوانك"
    arabic.button_link = "{{ link }}"
    arabic.save()

    data = {"email": "arabic.student@example.test", "display_name": "Omar", "password1": STRONG, "password2": STRONG}
    client.post("/accounts/signup/", {**data, "time_zone": "Asia/Riyadh"}, headers={"accept-language": "ar"})
    sign_up(client)

    arabic_email, english_email = mail.outbox
    assert arabic_email.subject == "[Fluentory] أهلًا بك"
    assert 'dir="rtl"' in arabic_email.alternatives[0][0]
    assert client.post(confirmation_link(arabic_email.body)).status_code == 302  # the link still verifies
    assert english_email.subject == "[Fluentory] Welcome aboard"
    assert "Hi New Student" in english_email.body
