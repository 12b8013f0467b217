from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from accounts.middleware import CURRENCY_SESSION_KEY
from commerce.models import Invoice, Order, Payment, PaymentAttempt
from learning.models import Enrollment
from learning.services import has_access
from tests.factories import UserFactory

from .factories import CourseFactory, CoursePriceFactory

pytestmark = pytest.mark.django_db


def start_url(course):
    return reverse("commerce:checkout-start", args=[course.slug])


def use_currency(client, code):
    session = client.session
    session[CURRENCY_SESSION_KEY] = code
    session.save()


def buy(client, course, *, country="SA", gateway="test"):
    return client.post(start_url(course), {"gateway": gateway, "country": country})


def pay(client, response, outcome):
    assert response.status_code == 302, getattr(response, "content", b"")[:2000]
    return client.post(response["Location"], {"outcome": outcome})


def test_anyone_sees_the_order_summary_in_their_currency(client, course, taxes):
    use_currency(client, "SAR")
    response = client.get(start_url(course))
    assert response.status_code == 200
    body = response.content.decode()
    assert "SAR" in body and "375.00" in body
    assert "Log in to buy" in body


def test_summary_in_arabic_is_right_to_left(client, course):
    client.cookies["django_language"] = "ar"
    use_currency(client, "AED")
    response = client.get(start_url(course), HTTP_ACCEPT_LANGUAGE="ar")
    assert 'dir="rtl"' in response.content.decode()


def test_unknown_or_unpublished_course_is_404(client, student, rates):
    draft = CourseFactory(status="draft")
    CoursePriceFactory(course=draft)
    # LocaleMiddleware retries a 404 under /en/, where it is still not found.
    for url in (start_url(draft), "/checkout/start/no-such-course/"):
        response = client.get(url, follow=True)
        assert response.status_code == 404
        assert "We could not find that page" in response.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "teacher", "partner", "admin_user"])
def test_only_students_can_buy(client, course, role, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = buy(client, course)
    assert response.status_code == (302 if role == "anonymous" else 403)
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]
    assert not Order.objects.exists()


def test_successful_test_payment_enrolls_invoices_and_emails(
    client, student, course, taxes, django_capture_on_commit_callbacks
):
    client.force_login(student)
    use_currency(client, "SAR")
    response = buy(client, course)
    with django_capture_on_commit_callbacks(execute=True):
        response = pay(client, response, "success")
    order = Order.objects.get()
    assert order.status == Order.Status.PAID
    assert (order.currency, order.total, order.tax) == ("SAR", Decimal("375.00"), Decimal("48.91"))
    payment = order.payment
    assert payment.amount == Decimal("375.00") and payment.currency == "SAR"
    assert payment.exchange_rate == Decimal("0.2666666667") and payment.reporting_amount == Decimal("100.00")
    assert payment.course == course and payment.teacher == course.teachers.get()
    assert has_access(student=student, course=course)
    assert Enrollment.objects.get().source == "purchase"
    invoice = Invoice.objects.get()
    assert invoice.number.startswith("INV-") and invoice.emailed_at is not None
    assert [m.attachments[0][0] for m in mail.outbox] == [f"{invoice.number}.pdf"]
    page = client.get(response["Location"])
    assert "Payment received" in page.content.decode()


def test_a_declined_payment_can_be_retried_on_the_same_order(client, student, course, taxes):
    client.force_login(student)
    pay(client, buy(client, course), "decline")
    order = Order.objects.get()
    assert order.status == Order.Status.FAILED and "declined" in order.failure_reason
    assert not has_access(student=student, course=course)
    page = client.get(reverse("commerce:order-detail", args=[order.reference]))
    assert "Try again" in page.content.decode()
    pay(client, buy(client, course), "success")
    assert Order.objects.count() == 1
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert PaymentAttempt.objects.filter(order=order).count() == 2
    assert has_access(student=student, course=course)


def test_pending_then_the_return_page_shows_pending(client, student, course):
    client.force_login(student)
    response = pay(client, buy(client, course), "pending")
    order = Order.objects.get()
    assert order.status == Order.Status.PENDING
    assert "Payment pending" in client.get(response["Location"]).content.decode()


def test_paying_twice_on_the_same_attempt_pays_once(client, student, course):
    client.force_login(student)
    start = buy(client, course)
    pay(client, start, "success")
    pay(client, start, "success")
    assert Payment.objects.count() == 1


def test_buying_an_owned_course_is_refused(client, student, course):
    client.force_login(student)
    pay(client, buy(client, course), "success")
    response = buy(client, course)
    assert response.status_code == 409
    assert "already have access" in response.content.decode()
    assert Order.objects.count() == 1


def test_bad_input_is_a_400_and_creates_nothing(client, student, course):
    client.force_login(student)
    response = client.post(start_url(course), {"gateway": "paypal", "country": "SA"})
    assert response.status_code == 400
    response = client.post(start_url(course), {"gateway": "test", "country": "Narnia"})
    assert response.status_code == 400
    assert not Order.objects.exists()


def test_someone_elses_attempt_is_404(client, student, other_student, course):
    client.force_login(student)
    location = buy(client, course)["Location"]
    client.force_login(other_student)
    assert client.get(location, follow=True).status_code == 404
    assert client.post(location, {"outcome": "success"}).status_code in {302, 404}
    assert not Payment.objects.exists()


def test_switching_currency_retires_the_old_order_and_its_figures(client, student, course):
    client.force_login(student)
    pay(client, buy(client, course, country=""), "decline")
    use_currency(client, "JOD")
    buy(client, course, country="")
    old, new = Order.objects.order_by("pk")
    assert (old.status, old.currency, old.total) == (Order.Status.CANCELLED, "USD", Decimal("100.00"))
    assert (new.status, new.currency, new.total) == (Order.Status.OPEN, "JOD", Decimal("71.000"))
    # A late success on the old gateway page is still honoured, at the old figures.
    from commerce.services import fulfilment
    from core.money import Money

    fulfilment.record_payment(order=old, gateway="test", reference="late", amount=Money(Decimal("100.00"), "USD"))
    old.refresh_from_db()
    assert old.status == Order.Status.PAID and Invoice.objects.get(order=old).total == Decimal("100.00")


def test_an_unpaid_order_without_attempts_is_simply_repriced(student, course):
    from commerce.services import checkout

    first = checkout.order_for_course(student=student, course=course, currency="USD")
    again = checkout.order_for_course(student=student, course=course, currency="GBP")
    assert again.pk == first.pk and (again.currency, again.total) == ("GBP", Decimal("79.00"))


def test_partner_referral_is_stored_on_the_payment(client, student, partner, course):
    from .factories import ReferralLinkFactory

    link = ReferralLinkFactory(partner=partner)
    client.get(reverse("commerce:referral", args=[link.code]))
    client.force_login(student)
    pay(client, buy(client, course), "success")
    payment = Payment.objects.get()
    assert payment.partner == partner and payment.order.referral_link == link


def test_abandoned_checkouts_are_marked_after_an_hour(student, course, time_machine):
    from commerce.services import checkout

    time_machine.move_to("2026-03-01 10:00Z")
    order = checkout.order_for_course(student=student, course=course, currency="USD")
    checkout.start_payment(order=order, gateway_code="test", site_url="http://testserver")
    time_machine.move_to("2026-03-01 10:59Z")
    assert checkout.mark_abandoned() == 0
    time_machine.move_to("2026-03-01 11:01Z")
    assert checkout.mark_abandoned() == 1
    order.refresh_from_db()
    assert order.status == Order.Status.ABANDONED
    # The student comes back: the same order is reopened.
    again = checkout.order_for_course(student=student, course=course, currency="USD")
    assert again.pk == order.pk and again.status == Order.Status.OPEN


def test_purchase_history_shows_only_my_orders(client, student, other_student, course):
    client.force_login(student)
    pay(client, buy(client, course), "success")
    mine = Order.objects.get()
    response = client.get(reverse("commerce:purchases"))
    assert mine.reference in response.content.decode()
    client.force_login(other_student)
    assert mine.reference not in client.get(reverse("commerce:purchases")).content.decode()
    assert client.get(reverse("commerce:order-detail", args=[mine.reference]), follow=True).status_code == 404


@pytest.mark.parametrize("role,status", [("teacher", 403), ("partner", 403), ("anonymous", 302)])
def test_purchase_history_is_for_students(client, role, status, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("commerce:purchases"))
    assert response.status_code == status
    if status == 403:
        assert "This area is for: Student." in response.content.decode()
    else:
        assert response["Location"].startswith("/accounts/login/?next=")


def test_invoice_download_is_for_the_buyer_and_admins(client, student, other_student, admin_user, course):
    client.force_login(student)
    pay(client, buy(client, course), "success")
    invoice = Invoice.objects.get()
    url = reverse("commerce:invoice-pdf", args=[invoice.number])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    client.force_login(other_student)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    for_admin = client.get(url)
    assert for_admin.status_code == 200 and for_admin["Content-Type"] == "application/pdf"
    assert for_admin.content.startswith(b"%PDF")
    client.logout()
    assert client.get(url).status_code == 302


def test_unpriced_course_cannot_be_bought(client, student, rates):
    course = CourseFactory()
    client.force_login(student)
    response = buy(client, course)
    assert response.status_code == 400
    assert not Order.objects.exists()


def test_a_new_student_user_factory_is_a_student():
    assert UserFactory().is_student


def test_prices_can_exclude_tax(settings, student, course, taxes):
    from commerce.services import checkout

    settings.COMMERCE_PRICES_INCLUDE_TAX = False
    order = checkout.order_for_course(student=student, course=course, currency="AED", country="AE")
    assert (order.subtotal, order.tax, order.total) == (Decimal("365.00"), Decimal("18.25"), Decimal("383.25"))
    assert not order.prices_include_tax


def test_no_tax_for_a_country_without_a_rate(student, course, taxes):
    from commerce.services import checkout

    order = checkout.order_for_course(student=student, course=course, currency="EUR", country="DE")
    assert (order.subtotal, order.tax, order.total) == (Decimal("92.00"), Decimal("0"), Decimal("92.00"))


@pytest.mark.parametrize("role", ["teacher", "partner", "admin_user"])
def test_gateway_pages_are_for_the_student_who_started_them(client, student, course, role, request):
    client.force_login(student)
    location = buy(client, course)["Location"]
    key = location.rstrip("/").rsplit("/", 1)[1]
    client.force_login(request.getfixturevalue(role))
    for name in ("commerce:test-gateway", "commerce:checkout-return", "commerce:checkout-cancel"):
        assert client.get(reverse(name, args=[key])).status_code == 403
    assert client.post(location, {"outcome": "success"}).status_code == 403
    assert not Payment.objects.exists()


def test_funnel_events_are_recorded(client, student, course):
    from analytics.models import Event

    client.force_login(student)
    pay(client, buy(client, course), "decline")
    pay(client, buy(client, course), "success")
    names = list(Event.objects.filter(user=student).order_by("pk").values_list("name", flat=True))
    for name in ("checkout_started", "payment_failed", "payment_succeeded", "enrolled"):
        assert name in names
