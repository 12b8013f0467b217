"""A payment arriving after its checkout's coupon use was released: honoured, but never past a limit unnoticed."""

import threading

import pytest

from commerce.lines import CourseLine
from commerce.models import CouponRedemption, Order
from commerce.services import checkout, coupons, fulfilment
from learning.models import Enrollment
from notifications.models import Notification
from tests.concurrency import run_in_threads
from tests.factories import UserFactory

from .factories import CouponFactory

LATE_CAPTURE_PAUSE = 2  # seconds the late capture waits, inside its transaction, for the racing checkout


def order_with(student, course, code):
    return checkout.order_for(student=student, purchases=[CourseLine(course)], currency="USD", coupon_code=code)


def released(student, course, code):
    """An order whose payment started, then failed: its use is given back, its gateway payment may still land."""
    order = order_with(student, course, code)
    attempt = checkout.start_payment(order=order, gateway_code="test", site_url="http://testserver")
    fulfilment.record_failure(order=order, attempt=attempt, reason="timeout")
    return order


def late_capture(order):
    return fulfilment.record_payment(
        order=order, gateway="test", reference=f"test_pi_late_{order.reference}", amount=order.total_money
    )


@pytest.mark.django_db
def test_a_late_payment_past_the_limit_is_kept_flagged_and_told_to_the_admins(
    student, other_student, course, admin_user
):
    coupon = CouponFactory(code="LATE", max_uses=1)
    order = released(student, course, "LATE")
    taken = order_with(other_student, course, "LATE")
    checkout.start_payment(order=taken, gateway_code="test", site_url="http://testserver")

    late_capture(order)

    order.refresh_from_db()
    assert order.status == Order.Status.PAID  # the money was taken: the buyer gets what they paid for
    assert Enrollment.objects.filter(student=student, course=course).exists()
    late = coupon.redemptions.get(order=order)
    assert (late.status, late.over_limit) == (CouponRedemption.Status.REDEEMED, True)
    assert coupon.redemptions.get(order=taken).over_limit is False
    [alert] = Notification.objects.filter(user=admin_user, kind="commerce.coupon_over_limit")
    assert "LATE" in alert.title and order.reference in alert.body
    late_capture(order)  # a replayed webhook tells nobody twice
    assert Notification.objects.filter(kind="commerce.coupon_over_limit").count() == 1
    with pytest.raises(coupons.CouponRefused) as refused:
        order_with(UserFactory(), course, "LATE")
    assert refused.value.reason == "used_up"


@pytest.mark.django_db
def test_a_late_payment_with_its_use_still_free_takes_it_back_without_a_flag(student, course, admin_user):
    coupon = CouponFactory(code="STILLFREE", max_uses=1)
    order = released(student, course, "STILLFREE")

    late_capture(order)

    assert coupon.redemptions.get(order=order).over_limit is False
    assert not Notification.objects.filter(kind="commerce.coupon_over_limit").exists()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_late_payment_racing_a_checkout_for_the_last_use_never_passes_the_limit_unflagged(
    student, other_student, course, monkeypatch
):
    coupon = CouponFactory(code="RACE", max_uses=1)
    order = released(student, course, "RACE")
    rival = order_with(other_student, course, "RACE")
    late_checked, rival_done = threading.Event(), threading.Event()
    fulfil_lines = fulfilment.fulfil_lines

    def fulfil_slowly(**kwargs):
        # The late capture has checked the limit and not committed yet: the rival's checkout runs now. If the
        # capture holds the coupon, the rival waits for its commit and this wait runs out.
        late_checked.set()
        rival_done.wait(LATE_CAPTURE_PAUSE)
        fulfil_lines(**kwargs)

    monkeypatch.setattr(fulfilment, "fulfil_lines", fulfil_slowly)

    def pay_late():
        late_capture(order)
        return "late paid"

    def rival_checkout():
        late_checked.wait(30)
        try:
            checkout.start_payment(order=rival, gateway_code="test", site_url="http://testserver")
            return "rival reserved"
        except coupons.CouponRefused as exc:
            return exc.reason
        finally:
            rival_done.set()

    work = iter([pay_late, rival_checkout])
    results = run_in_threads(2, lambda: next(work)())

    assert sorted(results) == ["late paid", "used_up"]  # the use the late payment took back is not sold twice
    held = CouponRedemption.objects.filter(coupon=coupon, status__in=CouponRedemption.HELD)
    assert list(held.values_list("order_id", "over_limit")) == [(order.pk, False)]
