import pytest

from scheduling.models import CreditEntry
from scheduling.services import credits

pytestmark = pytest.mark.django_db


def test_grant_is_idempotent_on_reference(student):
    first = credits.grant_credits(student=student, quantity=4, source="package", reference="order-1")
    again = credits.grant_credits(student=student, quantity=4, source="package", reference="order-1")
    assert first.pk == again.pk
    assert credits.balance(student=student) == 4


def test_revoke_takes_back_only_unused_credits_once(student):
    credits.grant_credits(student=student, quantity=3, source="package", reference="order-1")
    assert credits.revoke_credits(student=student, quantity=5, reference="refund-1", reason="Refund") == 3
    assert credits.revoke_credits(student=student, quantity=5, reference="refund-1") == 3
    assert credits.balance(student=student) == 0
    assert list(CreditEntry.objects.filter(student=student).values_list("kind", "delta").order_by("pk")) == [
        ("grant", 3),
        ("revoke", -3),
    ]


def test_revoke_without_wallet_takes_nothing(student):
    assert credits.revoke_credits(student=student, quantity=1, reference="r") == 0


@pytest.mark.parametrize("quantity", [0, -2])
def test_bad_quantities_are_refused(student, quantity):
    with pytest.raises(ValueError):
        credits.grant_credits(student=student, quantity=quantity, reference="x")
    with pytest.raises(ValueError):
        credits.revoke_credits(student=student, quantity=quantity, reference="x")
    assert not CreditEntry.objects.exists()


def test_unknown_source_is_refused(student):
    with pytest.raises(ValueError):
        credits.grant_credits(student=student, quantity=1, source="lottery")
