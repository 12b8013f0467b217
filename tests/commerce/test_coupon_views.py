"""The code field at checkout, auto-apply links, who may use them, and the coupon admin."""

from decimal import Decimal

import pytest
from django.urls import reverse

from analytics.models import Event
from commerce.models import Coupon, CouponRedemption, CouponTarget, Order, Payment
from learning.models import Enrollment

from .factories import CouponFactory, CourseFactory
from .test_checkout import buy, pay, start_url, use_currency

pytestmark = pytest.mark.django_db


def apply_url(course):
    return reverse("commerce:coupon-apply", args=[course.slug])


def apply(client, course, code):
    return client.post(apply_url(course), {"code": code})


def test_a_link_keeps_the_code_for_the_next_checkout(client, student, course, taxes):
    CouponFactory(code="WELCOME10")
    response = client.get("/c/welcome10/?next=" + start_url(course))
    assert response.status_code == 302 and response["Location"] == start_url(course)
    assert client.session["coupon_code"] == "WELCOME10"
    client.force_login(student)
    use_currency(client, "SAR")
    page = client.get(start_url(course)).content.decode()
    assert "Discount (code WELCOME10)" in page and "337.50" in page
    paid = pay(client, buy(client, course), "success")
    assert paid.status_code == 302
    order = Order.objects.get()
    assert (order.status, order.total, order.discount) == (Order.Status.PAID, Decimal("337.50"), Decimal("37.50"))
    assert Payment.objects.get().amount == Decimal("337.50")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "foo", "commerce:purchases"])
def test_a_link_never_sends_the_visitor_to_another_site_or_a_bare_word(client, target):
    response = client.get("/c/WELCOME10/", {"next": target})
    assert response.status_code == 302 and response["Location"] == reverse("cms:catalogue")


def test_a_link_goes_on_to_a_page_of_this_site(client):
    assert client.get("/c/WELCOME10/", {"next": "/en/"})["Location"] == "/en/"


def test_a_malformed_link_says_so_and_keeps_nothing(client):
    response = client.get("/c/%3Cb%3E/", follow=True)
    assert "coupon_code" not in client.session
    assert "does not carry a valid code" in response.content.decode()


def test_applying_a_code_shows_the_discount_and_records_it(client, student, course):
    CouponFactory(code="SAVE")
    client.force_login(student)
    response = apply(client, course, " save ")
    assert response.status_code == 302
    page = client.get(start_url(course)).content.decode()
    assert "Code <strong>SAVE</strong> is applied." in page and "$90.00" in page
    event = Event.objects.get(name="coupon_applied")
    assert event.user == student and event.properties["code"] == "SAVE"


@pytest.mark.parametrize(
    ("setup", "message", "reason"),
    [
        ({"code": "OTHER"}, "NOPE is not a valid code.", "unknown"),
        ({"code": "NOPE", "active": False}, "NOPE is not a valid code.", "unknown"),
        ({"code": "NOPE", "max_uses": 1}, "NOPE has been used up.", "used_up"),
        ({"code": "NOPE", "kind": "fixed", "percent": None}, "NOPE cannot be used in USD.", "currency"),
    ],
)
def test_a_refused_code_gets_its_reason_and_changes_nothing(
    client, student, other_student, course, setup, message, reason
):
    coupon = CouponFactory(**setup)
    if setup.get("max_uses"):
        CouponRedemption.objects.create(
            coupon=coupon,
            order=Order.objects.create(student=other_student, cart_key="x", currency="USD", subtotal=1, tax=0, total=1),
            student=other_student,
            status=CouponRedemption.Status.REDEEMED,
            discount=Decimal("1"),
            currency="USD",
        )
    client.force_login(student)
    orders_before = Order.objects.count()
    response = apply(client, course, "nope")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "coupon_code" not in client.session
    assert Order.objects.count() == orders_before
    assert Event.objects.get(name="coupon_refused").properties["reason"] == reason


def test_a_code_for_another_course_is_refused_at_checkout(client, student, course, rates):
    coupon = CouponFactory(code="ELSEWHERE")
    CouponTarget.objects.create(coupon=coupon, line_key=f"course:{CourseFactory().pk}")
    client.force_login(student)
    assert "does not apply to this purchase" in apply(client, course, "ELSEWHERE").content.decode()


def test_a_code_kept_from_a_link_that_does_not_apply_is_explained_and_the_buyer_pays_in_full(client, student, course):
    client.get("/c/EXPIREDCODE/")
    client.force_login(student)
    page = client.get(start_url(course)).content.decode()
    assert "EXPIREDCODE is not a valid code." in page and "$100.00" in page
    response = buy(client, course)
    assert response.status_code == 400  # a kept code that does not apply is never dropped silently
    assert not Order.objects.exists()
    client.post(apply_url(course), {"remove": "1"})
    assert "coupon_code" not in client.session
    assert buy(client, course).status_code == 302


def test_a_code_covering_the_whole_price_enrolls_without_a_gateway(client, student, course):
    CouponFactory(code="ALLFREE", percent=Decimal("100"))
    client.force_login(student)
    apply(client, course, "ALLFREE")
    assert "Enroll with your code" in client.get(start_url(course)).content.decode()
    response = buy(client, course)
    order = Order.objects.get()
    assert response["Location"] == reverse("commerce:order-detail", args=[order.reference])
    assert order.status == Order.Status.PAID and order.total == 0
    assert Enrollment.objects.filter(student=student, course=course).exists()
    assert not order.attempts.exists()


@pytest.mark.parametrize("role", [None, "teacher", "partner", "admin_user"])
def test_only_students_apply_codes(client, course, role, request):
    CouponFactory(code="SAVE")
    if role:
        client.force_login(request.getfixturevalue(role))
    response = apply(client, course, "SAVE")
    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert "login" in response["Location"]
    assert not Event.objects.filter(name="coupon_applied").exists()


def test_guessing_codes_is_throttled(client, student, course, settings):
    settings.FLUENTORY_RATE_LIMITS = {**settings.FLUENTORY_RATE_LIMITS, "coupon_code": "3/h/user,100/h/ip"}
    client.force_login(student)
    statuses = [apply(client, course, f"GUESS{n}").status_code for n in range(4)]
    assert statuses == [400, 400, 400, 429]
    assert Event.objects.filter(name="coupon_refused").count() == 3


def test_links_count_against_the_same_limit(client, settings):
    settings.FLUENTORY_RATE_LIMITS = {**settings.FLUENTORY_RATE_LIMITS, "coupon_code": "2/h/ip"}
    assert [client.get(f"/c/TRY{n}/").status_code for n in range(3)] == [302, 302, 429]


def test_the_checkout_page_with_a_code_runs_a_fixed_number_of_queries(
    client, student, course, rates, django_assert_max_num_queries
):
    coupon = CouponFactory(code="MANY")
    CouponTarget.objects.bulk_create(
        CouponTarget(coupon=coupon, line_key=f"course:{pk}") for pk in [course.pk, *range(10_000, 10_050)]
    )
    client.force_login(student)
    apply(client, course, "MANY")
    with django_assert_max_num_queries(30):
        response = client.get(start_url(course))
    assert "Discount (code MANY)" in response.content.decode()


def test_admins_list_coupons_with_their_uses(client, admin_user, student, course):
    coupon = CouponFactory(code="COUNTED")
    order = Order.objects.create(student=student, cart_key="x", currency="USD", subtotal=9, tax=0, total=9)
    CouponRedemption.objects.create(
        coupon=coupon, order=order, student=student, status="redeemed", discount=Decimal("1"), currency="USD"
    )
    client.force_login(admin_user)
    page = client.get(reverse("commerce_coupons:index"))
    assert page.status_code == 200 and "COUNTED" in page.content.decode()
    assert client.get(reverse("commerce_coupons:edit", args=[coupon.pk])).status_code == 200


def test_admins_create_a_fixed_coupon_restricted_to_a_course(client, admin_user, course):
    client.force_login(admin_user)
    data = {
        "code": "spring5",
        "description": "",
        "kind": "fixed",
        "percent": "",
        "valid_from": "2025-01-01 00:00",
        "valid_until": "",
        "max_uses": "100",
        "max_uses_per_person": "1",
        "courses": [str(course.pk)],
        "amounts-TOTAL_FORMS": "1",
        "amounts-INITIAL_FORMS": "0",
        "amounts-MIN_NUM_FORMS": "0",
        "amounts-MAX_NUM_FORMS": "1000",
        "amounts-0-currency": "USD",
        "amounts-0-amount": "5.00",
        "amounts-0-id": "",
        "amounts-0-ORDER": "1",
        "amounts-0-DELETE": "",
        "partner": "",
        "active": "on",
    }
    response = client.post(reverse("commerce_coupons:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    coupon = Coupon.objects.get()
    assert coupon.code == "SPRING5"
    assert list(coupon.targets.values_list("line_key", flat=True)) == [f"course:{course.pk}"]
    assert coupon.amounts.get().amount == Decimal("5.00")


def test_a_fixed_coupon_without_an_amount_is_refused_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    data = {
        "code": "EMPTY",
        "kind": "fixed",
        "valid_from": "2025-01-01 00:00",
        "max_uses_per_person": "1",
        "amounts-TOTAL_FORMS": "0",
        "amounts-INITIAL_FORMS": "0",
        "amounts-MIN_NUM_FORMS": "0",
        "amounts-MAX_NUM_FORMS": "1000",
        "active": "on",
    }
    response = client.post(reverse("commerce_coupons:add"), data)
    assert response.status_code == 200
    assert "needs its amount in at least one currency" in response.content.decode()
    assert not Coupon.objects.exists()


def test_students_cannot_reach_the_coupon_admin(client, student):
    client.force_login(student)
    assert client.get(reverse("commerce_coupons:index")).status_code in {302, 403}
