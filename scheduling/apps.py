from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("Scheduling")

    def ready(self):
        from . import emails

        emails.register()
        emails.register_reminders()
        emails.register_credit_reminder()
