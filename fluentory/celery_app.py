import os

from celery import Celery, signals
from celery.utils.log import get_logger

# Servers default to production (no SECRET_KEY, no start); `make run` names the local settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fluentory.settings.production")

app = Celery("fluentory")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
@signals.beat_init.connect
def refuse_to_start_on_check_errors(**_kwargs) -> None:
    """A worker or beat fails closed like the web server: it sends emails and settles payments too.

    Both have set Django up (Celery's Django fixup) before sending these signals.
    """
    from django.core.exceptions import ImproperlyConfigured

    from fluentory.startup import refuse_to_start_on_check_errors as check

    try:
        check()
    except ImproperlyConfigured as error:
        # Celery swallows a signal handler's exceptions (only SystemExit stops it) and beat sends stderr to its log.
        get_logger(__name__).critical("%s", error)
        raise SystemExit(1) from error
