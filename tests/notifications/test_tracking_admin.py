"""The Email outbox shows each email's provider events and the delivery figures; suppressions are managed there."""

import pytest
from bs4 import BeautifulSoup
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from notifications import unsubscribe
from notifications.models import EmailEvent, EmailSuppression, NotificationPreference, OutboxEmail

pytestmark = pytest.mark.django_db


def outbox_email(index=0, **fields):
    return OutboxEmail.objects.create(
        to=f"person{index}@example.test", subject=f"Email {index}", from_email="hello@fluentory.test", **fields
    )


def add_event(email, kind, number=0):
    return EmailEvent.objects.create(
        outbox=email,
        esp="postmark",
        event_key=f"{email.pk}-{kind}-{number}",
        kind=kind,
        recipient=email.to,
        occurred_at=timezone.now(),
    )


def screens():
    email = outbox_email(status=OutboxEmail.Status.SENT)
    suppressed = EmailSuppression.objects.create(address="gone@example.test", reason="hard_bounce")
    return [
        reverse("outboxemail:index"),
        reverse("outboxemail:inspect", args=[email.pk]),
        reverse("emailsuppression:index"),
        reverse("emailsuppression:inspect", args=[suppressed.pk]),
        reverse("emailsuppression:add"),
        reverse("emailsuppression:delete", args=[suppressed.pk]),
    ]


@pytest.mark.parametrize("role", [None, "student", "other_student", "teacher"])
def test_delivery_screens_are_refused_to_everyone_but_admins(client, request, role):
    if role:
        client.force_login(request.getfixturevalue(role))
    for url in screens():
        response = client.get(url)
        assert response.status_code in {302, 403}, url
        assert "gone@example.test" not in response.content.decode()


def test_delivery_screens_render_for_admins(client, admin_user):
    client.force_login(admin_user)
    for url in screens():
        assert client.get(url).status_code == 200, url


def test_the_outbox_lists_its_delivery_figures_in_a_fixed_number_of_queries(
    client, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    client.get(reverse("outboxemail:index"))  # warm Wagtail's per-process caches
    for index in range(30):
        email = outbox_email(index, status=OutboxEmail.Status.SENT)
        for kind in ["delivered", "opened", "opened", "clicked"][: index % 5]:
            add_event(email, kind, number=EmailEvent.objects.count())
    bounced = outbox_email(99, status=OutboxEmail.Status.SENT)
    add_event(bounced, "bounced")
    add_event(bounced, "complained")
    outbox_email(100, status=OutboxEmail.Status.SUPPRESSED)

    with django_assert_max_num_queries(20):
        page = client.get(reverse("outboxemail:index"))

    summary = BeautifulSoup(page.content, "html.parser").select_one(".outbox-summary__figures")
    figures = {item.dt.get_text(strip=True): item.dd.get_text(strip=True) for item in summary.find_all("div")}
    # 30 emails with 0-4 events each (index % 5); the 12 opened twice count once each.
    assert figures == {
        "Sent": "31",
        "Delivered": "24",
        "Opened": "18",
        "Clicked": "6",
        "Bounced": "1",
        "Marked as spam": "1",
    }


def test_an_email_shows_what_the_provider_reported_in_a_fixed_number_of_queries(
    client, admin_user, django_assert_max_num_queries
):
    email = outbox_email(status=OutboxEmail.Status.SENT)
    for number in range(10):
        add_event(email, "opened", number)
    EmailEvent.objects.filter(pk=add_event(email, "clicked").pk).update(click_url="https://fluentory.test/x/")
    client.force_login(admin_user)
    client.get(reverse("outboxemail:inspect", args=[email.pk]))

    with django_assert_max_num_queries(20):
        page = client.get(reverse("outboxemail:inspect", args=[email.pk])).content.decode()

    assert page.count("<td>Opened</td>") == 10
    assert "https://fluentory.test/x/" in page


def test_the_unsubscribe_link_kept_in_the_outbox_works_end_to_end(client, admin_user, student):
    headers = unsubscribe.headers(user=student, category="news")
    EmailMessage("Offers", "Hello", to=[student.email], headers={**headers, "Message-ID": "<offer-1@x>"}).send()
    client.force_login(admin_user)
    page = client.get(reverse("outboxemail:inspect", args=[OutboxEmail.objects.get().pk]))
    soup = BeautifulSoup(page.content, "html.parser")
    one_click = soup.find("input", {"name": "List-Unsubscribe"}).find_parent("form")
    link = soup.find("a", string="Open the unsubscribe page")["href"]
    assert one_click["action"] == link == headers["List-Unsubscribe"].strip("<>")

    client.logout()  # what a mail client does: a POST with no session and no CSRF token
    path = link.removeprefix("http://127.0.0.1:8000")
    assert client.get(path).status_code == 200
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200

    assert NotificationPreference.objects.get(user=student, category="news").email is False


def test_an_admin_suppresses_an_address_by_hand_and_removes_it(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("emailsuppression:add"), {"address": "Lina@Example.TEST", "reason": "manual", "note": "Asked by phone"}
    )
    assert response.status_code == 302
    suppressed = EmailSuppression.objects.get()
    assert suppressed.address == "lina@example.test"

    again = client.post(reverse("emailsuppression:add"), {"address": "lina@example.test", "reason": "manual"})
    assert again.status_code == 200 and EmailSuppression.objects.count() == 1  # already there: a form error

    assert client.post(reverse("emailsuppression:delete", args=[suppressed.pk])).status_code == 302
    assert not EmailSuppression.objects.exists()


def test_a_suppression_is_never_edited_in_place(client, admin_user):
    suppressed = EmailSuppression.objects.create(address="gone@example.test", reason="hard_bounce")
    client.force_login(admin_user)

    response = client.post(reverse("emailsuppression:edit", args=[suppressed.pk]), {"address": "other@example.test"})

    assert response.status_code in {302, 403}
    assert EmailSuppression.objects.get().address == "gone@example.test"
