"""Gifts: bought through the ordinary checkout, emailed at their date once, redeemed once, changed or refunded."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import Locale

from analytics.models import Event
from commerce.lines import GiftLine
from commerce.models import Gift, Order
from commerce.services import checkout, fulfilment, gifts, refunds
from learning.models import Enrollment
from learning.services import enroll, has_access
from notifications.email_templates import seed_default_templates
from notifications.models import EmailTemplate, Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TOMORROW = NOW + timedelta(days=1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def recipient(db):
    return UserFactory(email="omar@example.com", display_name="Omar")


def buy_gift(
    buyer,
    course,
    *,
    send_at=TOMORROW,
    email="omar@example.com",
    language="ar",
    currency="SAR",
    message="Happy birthday!",
):
    gift = gifts.prepare_gift(
        buyer=buyer,
        course=course,
        recipient_name="Omar",
        recipient_email=email,
        message=message,
        send_at=send_at,
        language=language,
    )
    order = checkout.order_for(student=buyer, purchases=[GiftLine(gift)], currency=currency, country="SA")
    payment = fulfilment.record_payment(
        order=order, gateway="test", reference=f"test_{order.reference}", amount=order.total_money
    )
    gift.refresh_from_db()
    return gift, payment


def link_in(message) -> str:
    return re.search(r"/gifts/redeem/([\w-]+)/", message.body).group(1)


def gift_emails():
    return [message for message in mail.outbox if "omar@example.com" in message.to]


def test_a_gift_is_paid_in_the_buyers_currency_as_one_order_line(student, course, taxes):
    gift, payment = buy_gift(student, course)
    line = payment.order.lines.get()
    assert (line.kind, line.gift, line.course) == ("gift", gift, course)
    assert payment.currency == "SAR" and payment.amount == Decimal("375.00")
    assert gift.status == Gift.Status.SCHEDULED
    assert not has_access(student=student, course=course)  # the buyer is not enrolled
    assert Event.objects.filter(name="gift_purchased", user=student).count() == 1


def test_a_replayed_payment_schedules_the_gift_once(student, course):
    _gift, payment = buy_gift(student, course)
    fulfilment.fulfil_lines(order=payment.order, payment=payment)
    assert Event.objects.filter(name="gift_purchased").count() == 1


def test_the_gift_is_emailed_at_its_date_once_in_the_chosen_language(student, course):
    gift, _payment = buy_gift(student, course)
    assert gifts.send_due(now=NOW) == 0 and not gift_emails()
    assert gifts.send_due(now=TOMORROW) == 1
    assert gifts.send_due(now=TOMORROW + timedelta(minutes=1)) == 0
    [message] = gift_emails()
    assert "أهداك دورة: Arabic for beginners" in message.subject and "افتح هديتك" in message.body
    gift.refresh_from_db()
    assert gift.status == Gift.Status.SENT and gift.sent_at == TOMORROW
    token = link_in(message)
    assert len(token) >= 43 and gift.token_digest == gifts.token_digest(token) and token not in gift.token_digest
    assert Event.objects.filter(name="gift_sent").count() == 1


def saved_in_the_admin(key: str) -> None:
    """The email's templates in both languages as the admin's rich-text editor stores them: `<p data-block-key>`."""
    Locale.objects.get_or_create(language_code="ar")
    seed_default_templates()
    converter = ContentstateConverter(EmailTemplate._meta.get_field("body").features)
    for template in EmailTemplate.objects.filter(key=key):
        template.body = converter.to_database_format(converter.from_database_format(template.body))
        template.save()


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("edited", [False, True], ids=["default words", "edited in the admin"])
def test_a_gift_without_a_message_is_emailed_without_an_empty_paragraph(student, course, language, edited):
    if edited:
        saved_in_the_admin("commerce.gift_received")
    buy_gift(student, course, language=language, message="")
    buy_gift(student, course, language=language, email="sara@example.com")
    gifts.send_due(now=TOMORROW)
    [silent] = gift_emails()
    [with_message] = [message for message in mail.outbox if "sara@example.com" in message.to]
    html = silent.alternatives[0][0]
    paragraphs = re.findall(r"<p\b[^>]*>(.*?)</p>", html, flags=re.DOTALL)
    assert len(paragraphs) >= 3 and all(text.strip() for text in paragraphs)
    assert "\n\n\n" not in silent.body
    # The buyer's message keeps its paragraph: one more than without it.
    with_paragraphs = re.findall(r"<p\b[^>]*>(.*?)</p>", with_message.alternatives[0][0], flags=re.DOTALL)
    assert "Happy birthday!" in with_paragraphs and len(with_paragraphs) == len(paragraphs) + 1


def test_a_gift_for_now_is_emailed_when_the_payment_commits(student, course, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        buy_gift(student, course, send_at=NOW)
    assert len(gift_emails()) == 1


def redeemed(student, course, recipient):
    gift, payment = buy_gift(student, course)
    gifts.send_due(now=TOMORROW)
    token = link_in(gift_emails()[-1])
    with time_machine.travel(TOMORROW + timedelta(hours=1), tick=False):
        gifts.redeem(token=token, user=recipient)
    gift.refresh_from_db()
    return gift, payment, token


def test_redeeming_enrolls_the_recipient_and_tells_the_buyer(student, course, recipient):
    gift, _payment, _token = redeemed(student, course, recipient)
    assert has_access(student=recipient, course=course)
    assert Enrollment.objects.get(student=recipient).source == Enrollment.Source.GIFT
    assert gift.status == Gift.Status.REDEEMED and gift.redeemed_by == recipient
    assert Notification.objects.filter(user=student, kind="commerce.gift_redeemed").count() == 1
    assert Event.objects.filter(name="gift_redeemed", user=recipient).count() == 1


def test_a_reused_tampered_or_expired_link_is_refused_and_changes_nothing(student, course, recipient, other_student):
    _gift, _payment, token = redeemed(student, course, recipient)
    with pytest.raises(gifts.GiftRefused, match="already been redeemed"):
        gifts.redeem(token=token, user=other_student)
    with pytest.raises(gifts.GiftRefused, match="not valid"):
        gifts.redeem(token=token[:-1] + ("A" if token[-1] != "A" else "B"), user=other_student)
    assert not Enrollment.objects.filter(student=other_student).exists()
    other_gift, _ = buy_gift(student, course, email="sara@example.com")
    gifts.send_due(now=TOMORROW)
    sara_token = link_in([m for m in mail.outbox if "sara@example.com" in m.to][-1])
    with pytest.raises(gifts.GiftRefused, match="expired"):
        gifts.redeem(token=sara_token, user=other_student, now=TOMORROW + timedelta(days=366))
    other_gift.refresh_from_db()
    assert other_gift.status == Gift.Status.SENT


def test_a_gift_to_someone_who_owns_the_course_is_caught_before_payment(student, course, recipient, settings):
    enroll(student=recipient, course=course, source="admin")
    with pytest.raises(gifts.GiftRefused, match="already has this course"):
        buy_gift(student, course)
    assert not Order.objects.exists()
    settings.COMMERCE_GIFT_TO_OWNER = "credit"
    gift, _payment = buy_gift(student, course)
    assert gift.status == Gift.Status.SCHEDULED


def test_the_buyer_corrects_the_address_and_the_old_link_dies(student, course, recipient):
    gift, _payment = buy_gift(student, course, email="omar@exmaple.com")
    gifts.send_due(now=TOMORROW)
    old_token = link_in([m for m in mail.outbox if "omar@exmaple.com" in m.to][-1])
    with time_machine.travel(TOMORROW, tick=False):
        gifts.resend(buyer=student, gift=gift, recipient_name="Omar", recipient_email="omar@example.com")
    gifts.send_due(now=TOMORROW + timedelta(minutes=1))
    new_token = link_in(gift_emails()[-1])
    with pytest.raises(gifts.GiftRefused, match="not valid"):
        gifts.redeem(token=old_token, user=recipient, now=TOMORROW + timedelta(minutes=2))
    gifts.redeem(token=new_token, user=recipient, now=TOMORROW + timedelta(minutes=2))
    assert has_access(student=recipient, course=course)


def test_only_the_buyer_changes_an_open_gift_and_a_redeemed_one_not_at_all(student, other_student, course, recipient):
    gift, _payment = buy_gift(student, course)
    with pytest.raises(gifts.GiftRefused, match="not yours"):
        gifts.reschedule(buyer=other_student, gift=gift, send_at=TOMORROW + timedelta(days=2))
    gifts.reschedule(buyer=student, gift=gift, send_at=TOMORROW + timedelta(days=2))
    assert gifts.send_due(now=TOMORROW) == 0
    assert gifts.send_due(now=TOMORROW + timedelta(days=2)) == 1
    token = link_in(gift_emails()[-1])
    gifts.redeem(token=token, user=recipient, now=TOMORROW + timedelta(days=2))
    with pytest.raises(gifts.GiftRefused, match="cannot be changed"):
        gifts.resend(buyer=student, gift=gift, recipient_name="X", recipient_email="x@example.com")


def test_refunding_an_unredeemed_gift_kills_its_link(student, course, recipient, refund_policy):
    gift, payment = buy_gift(student, course)
    gifts.send_due(now=TOMORROW)
    token = link_in(gift_emails()[-1])
    refunds.request_refund(payment=payment, student=student, reason="wrong person")
    refunds.issue_refund(payment=payment, amount=payment.money, reason="wrong person")
    gift.refresh_from_db()
    assert gift.status == Gift.Status.REFUNDED
    with pytest.raises(gifts.GiftRefused):
        gifts.redeem(token=token, user=recipient, now=TOMORROW)


def test_a_redeemed_gift_is_refunded_only_by_an_admin_and_takes_the_course_back(
    student, course, recipient, refund_policy, admin_user
):
    gift, payment, _token = redeemed(student, course, recipient)
    with pytest.raises(refunds.RefundRefused, match="only an admin"):
        refunds.request_refund(payment=payment, student=student, reason="please")
    refunds.issue_refund(payment=payment, amount=payment.money, reason="goodwill", actor=admin_user)
    gift.refresh_from_db()
    assert gift.status == Gift.Status.REFUNDED
    assert not has_access(student=recipient, course=course)
    assert Enrollment.objects.get(student=recipient).status == Enrollment.Status.REFUNDED


def test_bad_gift_details_are_refused_and_change_nothing(student, course):
    with pytest.raises(gifts.GiftRefused):
        buy_gift(student, course, email=student.email)
    with pytest.raises(gifts.GiftRefused, match="a year ahead"):
        buy_gift(student, course, send_at=NOW + timedelta(days=400))
    assert not Gift.objects.exists() and not Order.objects.exists()


def test_a_double_click_reuses_the_unpaid_gift_and_its_order(student, course):
    def click():
        gift = gifts.prepare_gift(
            buyer=student,
            course=course,
            recipient_name="Omar",
            recipient_email="Omar@Example.com",
            message="",
            send_at=TOMORROW,
            language="en",
        )
        return gift, checkout.order_for(student=student, purchases=[GiftLine(gift)], currency="USD")

    (first_gift, first_order), (again_gift, again_order) = click(), click()
    assert first_gift.pk == again_gift.pk and first_order.pk == again_order.pk
    assert Gift.objects.count() == 1


# Views: who may use each


def test_the_course_page_action_leads_to_the_gift_form_anyone_may_read(client, course):
    response = client.get(reverse("commerce:gift-start", args=[course.slug]))
    assert response.status_code == 200 and "Log in to buy" in response.content.decode()


def test_a_student_buys_a_gift_through_the_form(client, student, course):
    client.force_login(student)
    response = client.post(
        reverse("commerce:gift-start", args=[course.slug]),
        {
            "recipient_name": "Omar",
            "recipient_email": "omar@example.com",
            "message": "Enjoy",
            "language": "en",
            "when": "later",
            "send_date": "2026-03-03",
            "send_time": "09:00",
            "country": "",
            "gateway": "test",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    gift = Gift.objects.get()
    assert gift.send_at == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)  # the student's zone is UTC


def gift_form(**changes):
    data = {
        "recipient_name": "Omar",
        "recipient_email": "omar@example.com",
        "message": "",
        "language": "en",
        "when": "later",
        "send_date": "2026-03-03",
        "send_time": "09:00",
        "country": "",
        "gateway": "test",
    }
    return {**data, **changes}


def test_the_buyer_is_told_the_gift_is_paid_not_that_they_are_enrolled(client, student, course):
    client.force_login(student)
    started = client.post(reverse("commerce:gift-start", args=[course.slug]), gift_form())
    returned = client.post(started["Location"], {"outcome": "success"})
    body = client.get(returned["Location"]).content.decode()
    assert "Your gift is paid: Omar will get Arabic for beginners by email" in body
    assert f'href="{reverse("commerce:gifts")}"' in body and "You are enrolled" not in body


def test_a_declined_gift_is_tried_again_on_the_gift_form_never_as_a_purchase_for_oneself(client, student, course):
    client.force_login(student)
    started = client.post(reverse("commerce:gift-start", args=[course.slug]), gift_form())
    returned = client.post(started["Location"], {"outcome": "decline"})
    order = Order.objects.get()
    gift_form_url = reverse("commerce:gift-start", args=[course.slug])
    for page in (returned["Location"], reverse("commerce:order-detail", args=[order.reference])):
        body = client.get(page).content.decode()
        assert f'href="{gift_form_url}"' in body and "Try again" in body
        assert reverse("commerce:checkout-start", args=[course.slug]) not in body


def test_a_teacher_cannot_buy_and_bad_input_changes_nothing(client, teacher, student, course):
    client.force_login(teacher)
    url = reverse("commerce:gift-start", args=[course.slug])
    assert client.post(url, {"recipient_email": "x@example.com"}).status_code == 403
    client.force_login(student)
    response = client.post(url, {"recipient_name": "", "recipient_email": "not-an-email", "when": "later"})
    assert response.status_code == 400
    assert not Gift.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "recipient"])
def test_the_redemption_page_shows_the_gift_to_whoever_holds_the_link(client, student, course, recipient, who):
    buy_gift(student, course)
    gifts.send_due(now=TOMORROW)
    token = link_in(gift_emails()[-1])
    if who == "recipient":
        client.force_login(recipient)
    with time_machine.travel(TOMORROW, tick=False):
        response = client.get(reverse("commerce:gift-redeem", args=[token]))
        assert response.status_code == 200 and "Happy birthday!" in response.content.decode()
        response = client.post(reverse("commerce:gift-redeem", args=[token]))
    assert has_access(student=recipient, course=course) == (who == "recipient")


def test_a_wrong_link_says_so_and_is_throttled(client, settings):
    settings.FLUENTORY_RATE_LIMITS = {**settings.FLUENTORY_RATE_LIMITS, "gift_link": "3/h/ip"}
    statuses = [client.get(reverse("commerce:gift-redeem", args=[f"guess{n}"])).status_code for n in range(4)]
    assert statuses == [400, 400, 400, 429]


def test_a_wrong_link_gets_a_clear_message(client):
    with translation.override("ar"):
        response = client.get(reverse("commerce:gift-redeem", args=["tampered"]), HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 400
    assert "رابط الهدية هذا غير صالح" in response.content.decode()


def test_each_student_sees_only_their_own_gifts(client, student, other_student, course, recipient):
    gift, _payment, _token = redeemed(student, course, recipient)
    client.force_login(student)
    body = client.get(reverse("commerce:gifts")).content.decode()
    assert 'data-gift-status="redeemed"' in body
    client.force_login(recipient)
    assert "Arabic for beginners, from" in client.get(reverse("commerce:gifts")).content.decode()
    client.force_login(other_student)
    assert 'data-gift="' not in client.get(reverse("commerce:gifts")).content.decode()
    assert client.get(reverse("commerce:gift-detail", args=[gift.pk]), follow=True).status_code == 404


def test_the_gifts_page_runs_a_fixed_number_of_queries(client, student, course, django_assert_max_num_queries):
    buy_gift(student, course, email="friend@example.com")
    client.force_login(student)
    client.get(reverse("commerce:gifts"))  # caches the header's once-a-session reads
    with CaptureQueriesContext(connection) as one_gift:
        assert client.get(reverse("commerce:gifts")).status_code == 200
    for index in range(6):
        buy_gift(student, course, email=f"friend{index}@example.com")
    with django_assert_max_num_queries(len(one_gift)):
        assert client.get(reverse("commerce:gifts")).status_code == 200


def test_admins_list_gifts_and_refund_a_redeemed_one(client, admin_user, student, course, recipient, refund_policy):
    gift, _payment, _token = redeemed(student, course, recipient)
    client.force_login(admin_user)
    listing = client.get(reverse("commerce_gifts:index"))
    assert listing.status_code == 200 and "omar@example.com" in listing.content.decode()
    refund_url = reverse("commerce_gifts_refund:refund", args=[gift.pk])
    assert refund_url in listing.content.decode()
    assert client.post(refund_url, {"note": ""}).status_code == 400  # a reason is required; nothing changes
    assert has_access(student=recipient, course=course)
    assert client.post(refund_url, {"note": "sent by mistake"}).status_code == 302
    gift.refresh_from_db()
    assert gift.status == Gift.Status.REFUNDED and not has_access(student=recipient, course=course)


@pytest.mark.parametrize("who", ["anonymous", "student", "teacher"])
def test_only_admins_reach_the_gift_admin(client, student, teacher, course, who):
    gift, _payment = buy_gift(student, course)
    if who != "anonymous":
        client.force_login({"student": student, "teacher": teacher}[who])
    response = client.get(reverse("commerce_gifts_refund:refund", args=[gift.pk]))
    assert response.status_code in {302, 403}
    gift.refresh_from_db()
    assert gift.status == Gift.Status.SCHEDULED
