import os

from celery import Celery

# Servers default to production (no SECRET_KEY, no start); `make run` names the local settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fluentory.settings.production")

app = Celery("fluentory")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
