from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from anymail.signals import tracking as anymail_tracking
        from django.db.models.signals import post_migrate

        from . import checks, emails, tracking  # noqa: F401 (registers the deploy checks)
        from .sequences import shipped

        emails.register()
        anymail_tracking.connect(tracking.on_tracking, dispatch_uid="notifications.tracking")
        post_migrate.connect(shipped.after_migrate, sender=self, dispatch_uid="notifications.sequences.shipped")
