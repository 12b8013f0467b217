"""The payment gateway interface: start a checkout, read its result, refund, verify webhooks."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

from core.money import Money


class GatewayError(Exception):
    """The gateway refused or could not be reached; the message is safe to show an admin."""


class WebhookSignatureError(Exception):
    pass


class WebhookPayloadError(Exception):
    """A correctly signed event whose body is not what its type promises; answered with 400, nothing stored."""


@dataclass(frozen=True)
class CheckoutRedirect:
    reference: str  # the gateway's id for this checkout (Stripe: the Checkout Session id)
    url: str  # where the student is sent to pay


@dataclass(frozen=True)
class PaymentResult:
    SUCCEEDED = "succeeded"
    PENDING = "pending"
    FAILED = "failed"

    status: str
    payment_reference: str = ""  # the captured payment's id (Stripe: the PaymentIntent id)
    amount: Money | None = None
    failure_reason: str = ""


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    type: str
    data: dict = field(default_factory=dict)
    payload: dict = field(default_factory=dict)


class Gateway(ABC):
    code: str = ""
    label: str = ""

    @abstractmethod
    def start_checkout(self, *, attempt, success_url: str, cancel_url: str) -> CheckoutRedirect:
        """Create the payment at the gateway, once per attempt (the attempt's key is the idempotency key)."""

    @abstractmethod
    def fetch_result(self, *, attempt) -> PaymentResult:
        """Ask the gateway how an attempt ended (used by the return page)."""

    @abstractmethod
    def refund(self, *, payment, amount: Money, idempotency_key: str) -> str:
        """Return money on a captured payment; answers the gateway's refund reference."""

    def parse_webhook(self, *, payload: bytes, headers) -> WebhookEvent:
        raise WebhookSignatureError(f"{self.code} sends no webhooks")

    def can_charge_saved(self, *, payment) -> bool:
        """Whether the payment method behind `payment` (kept with the buyer's consent) can be charged again."""
        return False

    def charge_saved(self, *, attempt, payment) -> PaymentResult:
        """Charge `attempt` to the payment method behind `payment`, with the buyer away (one-click upsell); the
        attempt's key is the idempotency key."""
        raise GatewayError(f"{self.code} cannot charge a saved payment method")

    def refunds_for(self, *, payment_reference: str) -> list[dict]:
        """Every refund the gateway holds on a payment (id, amount, currency, status), for events that omit them."""
        return []


GATEWAYS = {
    "test": "commerce.gateways.test.TestGateway",
    "stripe": "commerce.gateways.stripe.StripeGateway",
}


def get_gateway(code: str) -> Gateway:
    if code not in GATEWAYS:
        raise GatewayError(f"Unknown gateway {code!r}")
    return import_string(GATEWAYS[code])()


def offered_codes() -> list[str]:
    """Gateways offered at checkout: the built-in test gateway only where settings allow it (never in production)."""
    return [
        code
        for code in settings.COMMERCE_GATEWAYS
        if code in GATEWAYS and (code != "test" or settings.COMMERCE_TEST_GATEWAY_ALLOWED)
    ]


def enabled_gateways() -> list[Gateway]:
    return [get_gateway(code) for code in offered_codes()]
