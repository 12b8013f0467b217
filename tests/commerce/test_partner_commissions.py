"""Commissions: written with the payment per line at the rule of the day, taken back by refunds, never twice."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from commerce.amounts import quantize
from commerce.models import Commission, CommissionRule
from commerce.services import checkout, commissions, fulfilment, refunds
from core.money import Money
from tests.factories import UserFactory

from .factories import BundleFactory, CommissionRuleFactory, CouponFactory, CourseFactory, CoursePriceFactory

pytestmark = pytest.mark.django_db


def paid(*, student, course, partner=None, currency="USD", country="", reference=None):
    order = checkout.order_for_course(
        student=student, course=course, currency=currency, country=country, partner=partner
    )
    payment = fulfilment.record_payment(
        order=order,
        gateway="test",
        reference=reference or f"pi_{order.reference}",
        amount=Money(order.total, order.currency),
    )
    return payment


def test_a_referred_sale_earns_the_rule_rate_on_the_net_amount_in_the_sale_currency(student, partner, course, taxes):
    CommissionRuleFactory(partner=partner, percent=Decimal("12.5"))
    payment = paid(student=student, course=course, partner=partner, currency="SAR", country="SA")
    row = Commission.objects.get()
    order = payment.order
    assert (row.partner, row.payment, row.currency, row.course) == (partner, payment, "SAR", course)
    assert row.base == order.subtotal and order.tax > 0  # tax is not commissioned
    assert row.rate == Decimal("12.50") and row.amount == quantize(order.subtotal * Decimal("0.125"), "SAR")


def test_no_partner_or_no_rule_means_no_commission(student, other_student, partner, course):
    paid(student=student, course=course)
    paid(student=other_student, course=course, partner=partner)
    assert not Commission.objects.exists()


def test_the_rule_for_the_course_wins_over_the_rule_for_everything_and_dates_count(student, partner, course):
    CommissionRuleFactory(partner=partner, percent=Decimal("5"))
    CommissionRuleFactory(partner=partner, percent=Decimal("20"), course=course)
    CommissionRuleFactory(
        partner=partner, percent=Decimal("50"), course=CourseFactory(), valid_until=datetime.date(2020, 2, 1)
    )
    paid(student=student, course=course, partner=partner)
    assert Commission.objects.get().rate == Decimal("20.00")


def test_a_rule_that_ended_before_the_sale_does_not_apply(student, partner, course, time_machine):
    CommissionRuleFactory(partner=partner, valid_from=datetime.date(2026, 1, 1), valid_until=datetime.date(2026, 1, 31))
    time_machine.move_to("2026-02-01 00:30Z")
    paid(student=student, course=course, partner=partner)
    assert not Commission.objects.exists()


def test_a_webhook_replay_writes_no_second_commission(student, partner, course):
    CommissionRuleFactory(partner=partner)
    payment = paid(student=student, course=course, partner=partner, reference="pi_same")
    again = fulfilment.record_payment(
        order=payment.order, gateway="test", reference="pi_same", amount=Money(payment.amount, payment.currency)
    )
    assert again == payment
    assert commissions.record_for_payment(payment=payment) == []
    assert Commission.objects.count() == 1


def test_the_database_refuses_a_second_commission_for_the_same_sale(student, partner, course):
    CommissionRuleFactory(partner=partner)
    paid(student=student, course=course, partner=partner)
    row = Commission.objects.get()
    row.pk = None
    row._state.adding = True
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_refunds_write_negative_rows_that_cancel_the_commission_exactly(student, partner, course, admin_user):
    CommissionRuleFactory(partner=partner, percent=Decimal("33"))
    payment = paid(student=student, course=course, partner=partner)
    sale = Commission.objects.get()
    refunds.issue_refund(payment=payment, amount=Money(Decimal("33.33"), "USD"), reason="part", actor=admin_user)
    refunds.issue_refund(payment=payment, amount=Money(Decimal("66.67"), "USD"), reason="rest", actor=admin_user)
    adjustments = list(Commission.objects.filter(refund__isnull=False).order_by("pk"))
    assert len(adjustments) == 2 and all(row.amount < 0 for row in adjustments)
    assert sale.amount + sum(row.amount for row in adjustments) == 0
    assert sale.base + sum(row.base for row in adjustments) == 0
    sale.refresh_from_db()
    assert sale.amount == Decimal("33.00")  # the sale's row is never edited


def test_a_replayed_refund_webhook_takes_nothing_back_twice(student, partner, course):
    CommissionRuleFactory(partner=partner)
    payment = paid(student=student, course=course, partner=partner)
    for _replay in range(2):
        refunds.record_gateway_refund(payment=payment, reference="re_1", amount=Money(Decimal("50.00"), "USD"))
    assert list(Commission.objects.filter(refund__isnull=False).values_list("amount", flat=True)) == [Decimal("-5.00")]


def test_commissions_are_never_changed_or_deleted(student, partner, course):
    CommissionRuleFactory(partner=partner)
    paid(student=student, course=course, partner=partner)
    row = Commission.objects.get()
    row.amount = Decimal("99")
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.delete()


def test_a_partner_coupon_names_the_partner(student, partner, course):
    CommissionRuleFactory(partner=partner)
    coupon = CouponFactory(partner=partner, percent=Decimal("10"))
    order = checkout.order_for(
        student=student, purchases=[checkout.CourseLine(course)], currency="USD", coupon_code=coupon.code
    )
    assert order.partner == partner and order.referral_link is None


def test_the_partner_of_a_coupon_wins_over_the_referral_link(student, partner, course):
    from .factories import ReferralLinkFactory

    other = UserFactory(partner=True)
    link = ReferralLinkFactory(partner=other)
    coupon = CouponFactory(partner=partner, percent=Decimal("10"))
    order = checkout.order_for(
        student=student,
        purchases=[checkout.CourseLine(course)],
        currency="USD",
        coupon_code=coupon.code,
        referral_link=link,
    )
    assert order.partner == partner and order.referral_link is None


def test_each_line_of_a_bundle_order_is_commissioned_at_the_bundle_rule(student, partner, course):
    bundle = BundleFactory()
    CommissionRuleFactory(partner=partner, percent=Decimal("10"))
    CommissionRuleFactory(partner=partner, percent=Decimal("15"), bundle=bundle)
    other = CourseFactory()
    CoursePriceFactory(course=other, currency="USD", amount=Decimal("50.00"))
    order = checkout.order_for_course(student=student, course=course, currency="USD", partner=partner)
    order.lines.update(bundle=bundle)
    fulfilment.record_payment(order=order, gateway="test", reference="pi_b", amount=Money(order.total, "USD"))
    assert Commission.objects.get().rate == Decimal("15.00")


class TestRuleValidation:
    def test_overlapping_rules_for_the_same_target_are_refused_with_a_clear_message(self, partner, course):
        CommissionRuleFactory(partner=partner, course=course, valid_from=datetime.date(2026, 1, 1))
        clash = CommissionRule(partner=partner, course=course, percent=5, valid_from=datetime.date(2026, 6, 1))
        with pytest.raises(ValidationError, match="dates overlap"):
            clash.full_clean()

    def test_rules_for_other_targets_or_separate_dates_may_coexist(self, partner, course):
        CommissionRuleFactory(
            partner=partner, course=course, valid_from=datetime.date(2026, 1, 1), valid_until=datetime.date(2026, 1, 31)
        )
        CommissionRule(partner=partner, course=course, percent=5, valid_from=datetime.date(2026, 2, 1)).full_clean()
        CommissionRule(partner=partner, percent=5, valid_from=datetime.date(2026, 1, 1)).full_clean()

    @pytest.mark.parametrize("percent", [Decimal("-1"), Decimal("100.01")])
    def test_the_percentage_stays_between_0_and_100(self, partner, percent):
        with pytest.raises(ValidationError, match="percent"):
            CommissionRule(partner=partner, percent=percent).full_clean()

    def test_the_admin_form_shows_the_overlap(self, client, admin_user, partner, course):
        CommissionRuleFactory(partner=partner, course=course)
        client.force_login(admin_user)
        response = client.post(
            reverse("commerce_commission_rules:add"),
            {"partner": partner.pk, "percent": "5", "course": course.pk, "valid_from": "2026-03-01"},
        )
        assert response.status_code == 200 and "the dates overlap" in response.content.decode()
        assert CommissionRule.objects.count() == 1


AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)


@settings(max_examples=200, deadline=None)
@given(total=AMOUNTS, weights=st.lists(AMOUNTS, min_size=1, max_size=6))
def test_shares_of_an_order_always_add_up_to_its_net_amount(total, weights):
    shares = commissions.split(total, weights, "USD")
    assert sum(shares) == total
    assert all(share == quantize(share, "USD") for share in shares)


@settings(max_examples=200, deadline=None)
@given(
    amount=st.decimals(min_value=Decimal("0.001"), max_value=Decimal("10000"), places=3),
    percent=st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=2),
)
def test_a_commission_is_the_rate_of_the_base_rounded_in_the_currency(amount, percent):
    value = commissions.commission_on(amount, percent, "JOD")
    assert value == quantize(value, "JOD")
    assert abs(value - amount * percent / 100) <= Decimal("0.0005")
    assert Decimal(0) <= value <= amount


@settings(max_examples=200, deadline=None)
@given(
    paid_cents=st.integers(min_value=1, max_value=10_000_000),
    percent=st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=2),
    cuts=st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=5),
)
def test_refunds_in_any_parts_take_back_the_commission_to_the_last_cent(paid_cents, percent, cuts):
    paid_amount = Decimal(paid_cents) / 100
    earned = commissions.commission_on(paid_amount, percent, "USD")
    parts = commissions.split(paid_amount, [Decimal(cut) for cut in cuts], "USD")
    refunded, taken = Decimal(0), Decimal(0)
    for part in parts:
        refunded += part
        step = commissions.taken_back(earned=earned, refunded=refunded, paid=paid_amount, already=taken, currency="USD")
        assert step <= 0
        taken += step
        assert -taken <= earned
    assert earned + taken == 0
