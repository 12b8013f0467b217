from django.conf import settings
from django.core.checks import Warning, register


@register("commerce", deploy=True)
def gateways_for_production(app_configs, **kwargs):
    """`check --deploy`: a site taking real money should not offer the test gateway."""
    problems = []
    if "test" in settings.COMMERCE_GATEWAYS:
        problems.append(
            Warning(
                "The built-in test gateway is offered at checkout: orders are marked paid without any payment.",
                hint="Set STRIPE_SECRET_KEY (or COMMERCE_GATEWAYS=stripe) in production.",
                id="commerce.W001",
            )
        )
    if "stripe" in settings.COMMERCE_GATEWAYS and not settings.STRIPE_WEBHOOK_SECRET:
        problems.append(
            Warning(
                "Stripe is offered but STRIPE_WEBHOOK_SECRET is not set: webhooks will be refused.",
                id="commerce.W002",
            )
        )
    return problems
