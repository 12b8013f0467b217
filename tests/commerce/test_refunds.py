from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from commerce import policy
from commerce.models import RefundPolicy, RefundRequest
from commerce.services import refunds
from core.money import Money
from learning.models import Enrollment

from .factories import RefundPolicyFactory

pytestmark = pytest.mark.django_db


def test_full_refund_inside_the_window(paid_order):
    decision = policy.evaluate(payment=paid_order.payment)
    assert decision.allowed and decision.amount == Money(Decimal("375.00"), "SAR")
    assert "full price" in decision.reason


def test_outside_the_window_nothing_is_refundable(paid_order):
    later = timezone.now() + timedelta(days=15)
    decision = policy.evaluate(payment=paid_order.payment, at=later)
    assert not decision.allowed and "within 14 days" in decision.reason


def test_progress_limit(paid_order, refund_policy):
    refund_policy.max_progress_percent = 30
    refund_policy.save()
    decision = policy.evaluate(payment=paid_order.payment, usage=policy.Usage(progress_percent=45))
    assert not decision.allowed and "45%" in decision.reason
    assert policy.evaluate(payment=paid_order.payment, usage=policy.Usage(progress_percent=20)).allowed


@pytest.mark.parametrize(
    "field,usage,word",
    [
        ("max_lessons_completed", policy.Usage(lessons_completed=5), "lessons"),
        ("max_live_sessions_attended", policy.Usage(live_sessions_attended=3), "live sessions"),
    ],
)
def test_lesson_and_live_session_limits(paid_order, refund_policy, field, usage, word):
    setattr(refund_policy, field, 2)
    refund_policy.save()
    decision = policy.evaluate(payment=paid_order.payment, usage=usage)
    assert not decision.allowed and word in decision.reason


def test_partial_and_prorated_amounts(paid_order, refund_policy):
    refund_policy.amount_rule = RefundPolicy.Amount.PARTIAL
    refund_policy.partial_percent = 50
    refund_policy.save()
    assert policy.evaluate(payment=paid_order.payment).amount.amount == Decimal("187.50")
    refund_policy.amount_rule = RefundPolicy.Amount.PRORATED
    refund_policy.save()
    decision = policy.evaluate(payment=paid_order.payment, usage=policy.Usage(progress_percent=40))
    assert decision.amount.amount == Decimal("225.00")


def test_the_most_specific_policy_applies(paid_order, course, refund_policy):
    by_type = RefundPolicyFactory(name="Recorded: 7 days", course_type="recorded", window_days=7)
    assert policy.policy_for(course) == by_type
    own = RefundPolicyFactory(name="This course: 30 days", course=course, window_days=30)
    assert policy.policy_for(course) == own
    own.active = False
    own.save()
    assert policy.policy_for(course) == by_type


def test_no_policy_means_an_admin_decides(paid_order, refund_policy):
    refund_policy.delete()
    decision = policy.evaluate(payment=paid_order.payment)
    assert not decision.allowed and "admin" in decision.reason


def test_student_requests_sees_the_answer_and_admin_approves(client, paid_order, student, admin_user):
    client.force_login(student)
    url = reverse("commerce:refund-request", args=[paid_order.reference])
    page = client.get(url).content.decode()
    assert "full price is refundable" in page
    response = client.post(url, {"reason": "The course is not for me"})
    assert response.status_code == 302
    request = RefundRequest.objects.get()
    assert request.eligible and request.eligible_amount == Decimal("375.00")
    assert client.post(url, {"reason": "again"}).status_code == 400  # one open request at a time
    refund = refunds.approve(refund_request=request, admin=admin_user)
    assert refund.amount == Decimal("375.00")
    request.refresh_from_db()
    assert request.status == RefundRequest.Status.REFUNDED and request.decided_by == admin_user
    assert Enrollment.objects.get().status == Enrollment.Status.REFUNDED
    assert AuditEntry.objects.filter(action="commerce.refund_approved", actor=admin_user).exists()
    detail = client.get(reverse("commerce:order-detail", args=[paid_order.reference])).content.decode()
    assert refund.credit_note.number in detail


def test_an_empty_reason_is_a_400_and_nothing_is_stored(client, paid_order, student):
    client.force_login(student)
    response = client.post(reverse("commerce:refund-request", args=[paid_order.reference]), {"reason": ""})
    assert response.status_code == 400
    assert not RefundRequest.objects.exists()


def test_another_student_cannot_ask_for_my_refund(client, paid_order, other_student):
    client.force_login(other_student)
    url = reverse("commerce:refund-request", args=[paid_order.reference])
    assert client.get(url, follow=True).status_code == 404
    assert client.post(url, {"reason": "mine now"}).status_code in {302, 404}
    assert not RefundRequest.objects.exists()


def test_override_needs_a_reason_and_partial_keeps_access(paid_order, student, admin_user):
    request = refunds.request_refund(payment=paid_order.payment, student=student, reason="late")
    with pytest.raises(refunds.RefundRefused):
        refunds.approve(refund_request=request, admin=admin_user, amount=Money(Decimal("50"), "SAR"))
    refunds.approve(refund_request=request, admin=admin_user, amount=Money(Decimal("50.00"), "SAR"), note="goodwill")
    assert Enrollment.objects.get().status == Enrollment.Status.ACTIVE
    assert AuditEntry.objects.filter(action="commerce.refund_override").exists()


def test_reject_says_why(paid_order, student, admin_user):
    request = refunds.request_refund(payment=paid_order.payment, student=student, reason="meh")
    with pytest.raises(refunds.RefundRefused):
        refunds.reject(refund_request=request, admin=admin_user, note=" ")
    refunds.reject(refund_request=request, admin=admin_user, note="You finished the course.")
    request.refresh_from_db()
    assert request.status == RefundRequest.Status.REJECTED
    with pytest.raises(refunds.RefundRefused):
        refunds.approve(refund_request=request, admin=admin_user)


def test_refunds_never_exceed_the_captured_amount(paid_order, admin_user):
    payment = paid_order.payment
    refunds.issue_refund(payment=payment, amount=Money(Decimal("300.00"), "SAR"), reason="a", actor=admin_user)
    with pytest.raises(refunds.RefundRefused, match="At most"):
        refunds.issue_refund(payment=payment, amount=Money(Decimal("75.01"), "SAR"), reason="b", actor=admin_user)
    refunds.issue_refund(payment=payment, amount=Money(Decimal("75.00"), "SAR"), reason="c", actor=admin_user)
    assert policy.refunded_total(payment) == Decimal("375.00")
    assert Enrollment.objects.get().status == Enrollment.Status.REFUNDED
    assert not policy.evaluate(payment=payment).allowed


@pytest.mark.parametrize("amount,currency", [("0", "SAR"), ("-5", "SAR"), ("10", "USD")])
def test_bad_refund_amounts_are_refused(paid_order, admin_user, amount, currency):
    with pytest.raises(refunds.RefundRefused):
        refunds.issue_refund(
            payment=paid_order.payment, amount=Money(Decimal(amount), currency), reason="x", actor=admin_user
        )


def test_refund_requests_past_the_limit_are_refused_before_anything_is_written(client, paid_order, student, settings):
    settings.FLUENTORY_RATE_LIMITS = {**settings.FLUENTORY_RATE_LIMITS, "refund_request": "2/d/user,20/d/ip"}
    client.force_login(student)
    url = reverse("commerce:refund-request", args=[paid_order.reference])
    first, second = (client.post(url, {"reason": ""}) for _ in range(2))  # refused by the form: still counted
    refused = client.post(url, {"reason": "Changed my mind"})
    assert (first.status_code, second.status_code, refused.status_code) == (400, 400, 429)
    assert "You have done this too often in a short time." in refused.content.decode()
    assert not RefundRequest.objects.exists()
