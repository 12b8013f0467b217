"""The built-in test gateway: the local default, where a tester chooses success, decline or pending."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.money import Money

from .base import CheckoutRedirect, Gateway, PaymentResult

OUTCOMES = ("success", "decline", "pending")


class TestGateway(Gateway):
    code = "test"
    label = _("Test gateway (choose the outcome)")

    def start_checkout(self, *, attempt, success_url, cancel_url) -> CheckoutRedirect:
        return CheckoutRedirect(
            reference=f"test_cs_{attempt.key.hex}",
            url=reverse("commerce:test-gateway", kwargs={"key": attempt.key}),
        )

    def fetch_result(self, *, attempt) -> PaymentResult:
        if attempt.status == attempt.Status.SUCCEEDED:
            return PaymentResult(
                PaymentResult.SUCCEEDED, f"test_pi_{attempt.key.hex}", Money(attempt.amount, attempt.currency)
            )
        if attempt.status == attempt.Status.FAILED:
            return PaymentResult(PaymentResult.FAILED, failure_reason=attempt.failure_reason)
        return PaymentResult(PaymentResult.PENDING)

    def outcome(self, *, attempt, choice: str) -> PaymentResult:
        """What the tester picked on the test gateway's page."""
        if choice == "success":
            return PaymentResult(
                PaymentResult.SUCCEEDED, f"test_pi_{attempt.key.hex}", Money(attempt.amount, attempt.currency)
            )
        if choice == "decline":
            return PaymentResult(PaymentResult.FAILED, failure_reason=str(_("The card was declined (test gateway).")))
        return PaymentResult(PaymentResult.PENDING)

    def refund(self, *, payment, amount, idempotency_key) -> str:
        return f"test_re_{idempotency_key.replace('-', '')}"

    def can_charge_saved(self, *, payment) -> bool:
        return payment.gateway == self.code

    def charge_saved(self, *, attempt, payment) -> PaymentResult:
        return PaymentResult(
            PaymentResult.SUCCEEDED, f"test_pi_{attempt.key.hex}", Money(attempt.amount, attempt.currency)
        )
