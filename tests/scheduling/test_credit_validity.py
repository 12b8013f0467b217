"""Credits that expire: one reminder per grant and date, one extension, expiry; admin grants and removals audited."""

from datetime import timedelta

import pytest
import time_machine

from accounts.models import AuditEntry
from notifications.models import Notification, OutboxEmail
from notifications.tasks import run_sequences
from scheduling.models import CreditLot
from scheduling.services import credit_adjustments, credit_validity, credits
from scheduling.services.errors import SchedulingError

from .factories import NOW

pytestmark = pytest.mark.django_db


def grant(student, days=30, quantity=3):
    with time_machine.travel(NOW, tick=False):
        entry = credits.grant_credits(
            student=student,
            quantity=quantity,
            reference="order-line:1",
            expires_at=NOW + timedelta(days=days),
            label="Five sessions with Rania",
        )
    return entry.lot


def reminders_to(student):
    return OutboxEmail.objects.filter(to=student.email, subject__contains="expire soon")


def test_the_expiry_reminder_goes_once_per_grant_in_the_editors_words(student):
    grant(student, days=10)
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        assert run_sequences() == 0  # eight days left: not yet
    with time_machine.travel(NOW + timedelta(days=3, minutes=1), tick=False):
        assert run_sequences() == 1
        assert run_sequences() == 0
    email = reminders_to(student).get()
    assert "Credits left: 3 (Five sessions with Rania)" in email.body
    assert Notification.objects.filter(user=student, kind="booking_credits_expiring").count() == 1


def test_an_extended_grant_is_reminded_of_its_new_date_only(student, settings):
    settings.SCHEDULING_CREDIT_EXTENSION = "automatic"
    lot = grant(student, days=10)
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        credit_validity.request_extension(lot=lot, student=student)  # now expires at NOW + 40 days
    with time_machine.travel(NOW + timedelta(days=3, minutes=1), tick=False):
        assert run_sequences() == 0  # the old date's reminder left the sequence
    with time_machine.travel(NOW + timedelta(days=33, minutes=1), tick=False):
        assert run_sequences() == 1
    assert reminders_to(student).count() == 1


def test_credits_used_up_before_the_reminder_get_none(student):
    lot = grant(student, days=10, quantity=1)
    credits.revoke_credits(student=student, quantity=1, reference="refund:order-line:1", grant_reference=lot.reference)
    with time_machine.travel(NOW + timedelta(days=3, minutes=1), tick=False):
        assert run_sequences() == 0
    assert not reminders_to(student).exists()


def test_unused_credits_expire_once(student):
    lot = grant(student, days=10)
    with time_machine.travel(NOW + timedelta(days=11), tick=False):
        assert credit_validity.expire_lots() == 3
        assert credit_validity.expire_lots() == 0
    lot.refresh_from_db()
    assert (lot.remaining, credits.balance(student=student)) == (0, 0)


def test_an_extension_is_given_once_and_automatically_when_so_configured(student, settings):
    settings.SCHEDULING_CREDIT_EXTENSION = "automatic"
    lot = grant(student, days=10)
    with time_machine.travel(NOW + timedelta(days=5), tick=False):
        lot = credit_validity.request_extension(lot=lot, student=student)
        assert lot.expires_at == NOW + timedelta(days=40)
        with pytest.raises(SchedulingError, match="already been extended"):
            credit_validity.request_extension(lot=lot, student=student)
    assert AuditEntry.objects.filter(action="credits.extended").count() == 1


def test_an_extension_waits_for_an_admin_by_default(student, admin_user):
    lot = grant(student, days=10)
    with time_machine.travel(NOW + timedelta(days=5), tick=False):
        lot = credit_validity.request_extension(lot=lot, student=student)
        assert lot.extended_at is None and lot.expires_at == NOW + timedelta(days=10)
        lot = credit_validity.approve_extension(lot=lot, by=admin_user)
        assert lot.expires_at == NOW + timedelta(days=40)
        with pytest.raises(SchedulingError):
            credit_validity.approve_extension(lot=lot, by=admin_user)


def test_another_student_cannot_extend_my_credits(student, other_student):
    lot = grant(student)
    with time_machine.travel(NOW, tick=False), pytest.raises(SchedulingError):
        credit_validity.request_extension(lot=lot, student=other_student)
    assert CreditLot.objects.get(pk=lot.pk).extension_requested_at is None


def test_admins_grant_and_remove_credits_with_a_reason_in_the_audit_log(student, admin_user):
    credit_adjustments.grant_by_admin(student=student, quantity=4, reason="apology for a missed class", by=admin_user)
    taken = credit_adjustments.remove_by_admin(student=student, quantity=10, reason="granted twice", by=admin_user)
    assert (taken, credits.balance(student=student)) == (4, 0)
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "details__reason"))
    assert actions == [("credits.granted", "apology for a missed class"), ("credits.removed", "granted twice")]


@pytest.mark.parametrize(("quantity", "reason"), [(0, "x"), (501, "x"), (2, "  ")])
def test_admin_adjustments_refuse_bad_input_and_change_nothing(student, admin_user, quantity, reason):
    with pytest.raises(SchedulingError):
        credit_adjustments.grant_by_admin(student=student, quantity=quantity, reason=reason, by=admin_user)
    assert credits.balance(student=student) == 0 and not AuditEntry.objects.exists()
