from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from anymail.signals import tracking as anymail_tracking

        from . import checks, emails, tracking  # noqa: F401 (registers the deploy checks)

        emails.register()
        anymail_tracking.connect(tracking.on_tracking, dispatch_uid="notifications.tracking")
