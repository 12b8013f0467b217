from django.conf import settings
from django.core.checks import Error, Warning, register

from .gateways import offered_codes


def _real_gateways() -> list[str]:
    """Offered gateways that can take money: Stripe counts only with its secret key."""
    return [code for code in offered_codes() if code != "test" and (code != "stripe" or settings.STRIPE_SECRET_KEY)]


@register("commerce", deploy=True)
def gateways_for_production(app_configs, **kwargs):
    """`check --deploy` (and every server at start-up): a site must never hand out orders for free."""
    problems = []
    offered = offered_codes()
    if "test" in offered:
        problems.append(
            Warning(
                "The built-in test gateway is offered at checkout: orders are marked paid without any payment.",
                hint="Set STRIPE_SECRET_KEY in production; the test gateway is for one machine or a staging site.",
                id="commerce.W001",
            )
        )
    elif not _real_gateways():
        problems.append(
            Error(
                "No payment gateway that can take money is configured, so checkout cannot work.",
                hint=(
                    "Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET. A staging site may offer the built-in test "
                    "gateway with COMMERCE_ALLOW_TEST_GATEWAY_IN_PRODUCTION=true."
                ),
                id="commerce.E001",
            )
        )
    if "stripe" in offered and not settings.STRIPE_WEBHOOK_SECRET:
        problems.append(
            Warning(
                "Stripe is offered but STRIPE_WEBHOOK_SECRET is not set: webhooks will be refused.",
                id="commerce.W002",
            )
        )
    return problems
