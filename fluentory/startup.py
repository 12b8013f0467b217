"""What a server process checks before it serves anyone."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def refuse_to_start_on_check_errors() -> None:
    """Fail closed: any error `manage.py check --deploy` reports (a missing payment gateway…) stops the server."""
    errors = [message for message in checks.run_checks(include_deployment_checks=True) if message.is_serious()]
    if errors:
        raise ImproperlyConfigured(
            "Refusing to start; `manage.py check --deploy` reports:\n" + "\n".join(str(error) for error in errors)
        )
