from .base import (  # noqa: F401
    CheckoutRedirect,
    Gateway,
    GatewayError,
    PaymentResult,
    WebhookPayloadError,
    WebhookSignatureError,
    enabled_gateways,
    get_gateway,
    offered_codes,
)
