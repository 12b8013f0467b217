"""Payouts: per partner, currency and period in the admin's time zone; refunds after a payout come off the next."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import AuditEntry
from commerce.models import Commission, Payout
from commerce.services import checkout, fulfilment, payouts, refunds
from core.money import Money
from tests.factories import UserFactory

from .factories import CommissionRuleFactory, CoursePriceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def riyadh_admin(db):
    return UserFactory(admin=True, time_zone="Asia/Riyadh")


@pytest.fixture
def rule(partner):
    return CommissionRuleFactory(partner=partner, percent=Decimal("10"))


def sell(*, student, course, partner, currency="USD"):
    order = checkout.order_for_course(student=student, course=course, currency=currency, partner=partner)
    return fulfilment.record_payment(
        order=order, gateway="test", reference=f"pi_{order.reference}", amount=Money(order.total, currency)
    )


def day(text):
    return datetime.date.fromisoformat(text)


def test_the_period_s_days_are_the_admin_s_days(
    student, other_student, partner, course, rule, riyadh_admin, time_machine
):
    CoursePriceFactory(course=course, currency="EUR", amount=Decimal("80.00"))
    time_machine.move_to("2026-03-31 20:30Z")  # 23:30 on 31 March in Riyadh
    sell(student=student, course=course, partner=partner)
    time_machine.move_to("2026-03-31 21:30Z")  # 00:30 on 1 April in Riyadh, still 31 March in UTC
    sell(student=other_student, course=course, partner=partner)
    sell(student=UserFactory(), course=course, partner=partner, currency="EUR")
    time_machine.move_to("2026-04-02 09:00Z")
    march = payouts.create_payout(
        partner=partner,
        currency="USD",
        period_start=day("2026-03-01"),
        period_end=day("2026-03-31"),
        admin=riyadh_admin,
    )
    assert march.money == Money(Decimal("10.00"), "USD") and march.time_zone == "Asia/Riyadh"
    april = payouts.create_payout(
        partner=partner,
        currency="USD",
        period_start=day("2026-04-01"),
        period_end=day("2026-04-01"),
        admin=riyadh_admin,
    )
    assert april.money == Money(Decimal("10.00"), "USD")
    euros = payouts.create_payout(
        partner=partner,
        currency="EUR",
        period_start=day("2026-04-01"),
        period_end=day("2026-04-01"),
        admin=riyadh_admin,
    )
    assert euros.money == Money(Decimal("8.00"), "EUR")
    assert {row.payout_id for row in Commission.objects.all()} == {march.pk, april.pk, euros.pk}


def test_a_refund_after_a_payout_comes_off_the_next_payout(student, other_student, partner, course, rule, admin_user):
    first = sell(student=student, course=course, partner=partner)
    paid_out = payouts.create_payout(
        partner=partner,
        currency="USD",
        period_start=datetime.date.today(),
        period_end=datetime.date.today(),
        admin=admin_user,
    )
    payouts.mark_paid(payout=payouts.approve(payout=paid_out, admin=admin_user), admin=admin_user, reference="TX1")
    refunds.issue_refund(payment=first, amount=Money(Decimal("40.00"), "USD"), reason="part", actor=admin_user)
    sell(student=other_student, course=course, partner=partner)
    following = payouts.create_payout(
        partner=partner,
        currency="USD",
        period_start=datetime.date.today(),
        period_end=datetime.date.today(),
        admin=admin_user,
    )
    assert following.amount == Decimal("6.00")  # 10.00 earned, 4.00 taken back by the refund
    statement = payouts.statement_for(following)
    assert [row.amount for row in statement.adjustments] == [Decimal("-4.00")]
    assert statement.sales_total.amount == Decimal("10.00")
    paid_out.refresh_from_db()
    assert paid_out.amount == Decimal("10.00") and paid_out.status == Payout.Status.PAID


def test_negative_totals_are_not_paid_and_carry_over(student, partner, course, rule, admin_user):
    payment = sell(student=student, course=course, partner=partner)
    payout = payouts.create_payout(
        partner=partner,
        currency="USD",
        period_start=datetime.date.today(),
        period_end=datetime.date.today(),
        admin=admin_user,
    )
    refunds.issue_refund(payment=payment, amount=Money(Decimal("100.00"), "USD"), reason="all", actor=admin_user)
    with pytest.raises(payouts.PayoutRefused, match="carry over"):
        payouts.create_payout(
            partner=partner,
            currency="USD",
            period_start=datetime.date.today(),
            period_end=datetime.date.today(),
            admin=admin_user,
        )
    assert Payout.objects.get() == payout
    assert Commission.objects.filter(payout__isnull=True).get().amount == Decimal("-10.00")


def test_nothing_due_and_periods_in_the_future_are_refused(partner, admin_user):
    today = datetime.date.today()
    with pytest.raises(payouts.PayoutRefused, match="no commissions"):
        payouts.create_payout(partner=partner, currency="USD", period_start=today, period_end=today, admin=admin_user)
    with pytest.raises(payouts.PayoutRefused, match="future"):
        payouts.create_payout(
            partner=partner,
            currency="USD",
            period_start=today,
            period_end=today + datetime.timedelta(days=2),
            admin=admin_user,
        )
    assert not Payout.objects.exists()


def test_each_step_happens_once_is_audited_and_a_paid_payout_never_changes(student, partner, course, rule, admin_user):
    sell(student=student, course=course, partner=partner)
    today = datetime.date.today()
    payout = payouts.create_payout(
        partner=partner, currency="USD", period_start=today, period_end=today, admin=admin_user
    )
    with pytest.raises(payouts.PayoutRefused):
        payouts.mark_paid(payout=payout, admin=admin_user)  # not approved yet
    payouts.approve(payout=payout, admin=admin_user)
    with pytest.raises(payouts.PayoutRefused):
        payouts.approve(payout=payout, admin=admin_user)
    payouts.mark_paid(payout=payout, admin=admin_user, reference="TX9")
    with pytest.raises(payouts.PayoutRefused):
        payouts.mark_paid(payout=payout, admin=admin_user)
    actions = list(
        AuditEntry.objects.filter(target_type="commerce.payout", target_id=str(payout.pk)).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["commerce.payout_approved", "commerce.payout_created", "commerce.payout_paid"]
    payout.refresh_from_db()
    payout.payment_reference = "changed"
    with pytest.raises(ValidationError):
        payout.save()
    with pytest.raises(ValidationError):
        payout.delete()


def test_the_statement_is_a_pdf(student, partner, course, rule, admin_user):
    sell(student=student, course=course, partner=partner)
    today = datetime.date.today()
    payout = payouts.create_payout(
        partner=partner, currency="USD", period_start=today, period_end=today, admin=admin_user
    )
    assert payouts.statement_pdf(payout).startswith(b"%PDF")


def test_admins_create_approve_and_pay_in_the_admin(client, student, partner, course, rule, admin_user):
    sell(student=student, course=course, partner=partner)
    client.force_login(admin_user)
    today = datetime.date.today().isoformat()
    bad = client.post(
        reverse("commerce_payout_actions:new"),
        {"partner": partner.pk, "currency": "EUR", "period_start": today, "period_end": today},
    )
    assert bad.status_code == 400 and "no commissions in EUR" in bad.content.decode()
    response = client.post(
        reverse("commerce_payout_actions:new"),
        {"partner": partner.pk, "currency": "USD", "period_start": today, "period_end": today},
    )
    payout = Payout.objects.get()
    assert response["Location"] == reverse("commerce_payout_actions:detail", args=[payout.pk])
    detail = reverse("commerce_payout_actions:detail", args=[payout.pk])
    client.post(detail, {"step": "approve"})
    client.post(detail, {"step": "approve"})  # a double click changes nothing more
    client.post(detail, {"step": "pay", "reference": "TX5"})
    payout.refresh_from_db()
    assert (payout.status, payout.payment_reference) == (Payout.Status.PAID, "TX5")
    assert AuditEntry.objects.filter(action="commerce.payout_approved").count() == 1
    pdf = client.get(reverse("commerce_payout_actions:statement", args=[payout.pk]))
    assert pdf["Content-Type"] == "application/pdf"


def test_a_payout_cancelled_before_it_is_paid_gives_its_commissions_back(
    client, student, other_student, partner, course, rule, admin_user
):
    sell(student=student, course=course, partner=partner)
    today = datetime.date.today()
    payout = payouts.create_payout(
        partner=partner, currency="USD", period_start=today, period_end=today, admin=admin_user
    )
    payouts.approve(payout=payout, admin=admin_user)
    client.force_login(admin_user)
    detail = reverse("commerce_payout_actions:detail", args=[payout.pk])
    client.post(detail, {"step": "cancel", "reason": "  "})  # a reason is asked for: nothing changes
    payout.refresh_from_db()
    assert payout.status == Payout.Status.APPROVED and payout.commissions.count() == 1
    client.post(detail, {"step": "cancel", "reason": "Wrong bank details"})
    payout.refresh_from_db()
    assert (payout.status, payout.cancel_reason, payout.cancelled_by) == (
        Payout.Status.CANCELLED,
        "Wrong bank details",
        admin_user,
    )
    assert not payout.commissions.exists()
    assert AuditEntry.objects.filter(action="commerce.payout_cancelled", target_id=str(payout.pk)).count() == 1
    with pytest.raises(payouts.PayoutRefused):
        payouts.mark_paid(payout=payout, admin=admin_user)  # a cancelled payout is never paid
    with pytest.raises(payouts.PayoutRefused):
        payouts.cancel(payout=payout, admin=admin_user, reason="twice")
    # The commissions are due again and the next payout takes them, with the partner's balance unchanged.
    sell(student=other_student, course=course, partner=partner)
    again = payouts.create_payout(
        partner=partner, currency="USD", period_start=today, period_end=today, admin=admin_user
    )
    assert again.commissions.count() == 2
    totals = payouts.totals_by_currency(partner=partner)["USD"]
    assert totals["paid"].amount == 0 and totals["unpaid"] == totals["earned"]


def test_a_paid_payout_cannot_be_cancelled(student, partner, course, rule, admin_user):
    sell(student=student, course=course, partner=partner)
    today = datetime.date.today()
    payout = payouts.create_payout(
        partner=partner, currency="USD", period_start=today, period_end=today, admin=admin_user
    )
    payouts.approve(payout=payout, admin=admin_user)
    payouts.mark_paid(payout=payout, admin=admin_user)
    with pytest.raises(payouts.PayoutRefused):
        payouts.cancel(payout=payout, admin=admin_user, reason="too late")
    assert payout.commissions.count() == 1


def test_partners_and_students_cannot_use_the_payout_admin(client, partner, student):
    for person in (partner, student):
        client.force_login(person)
        response = client.get(reverse("commerce_payout_actions:new"))
        assert response.status_code in (302, 403)
