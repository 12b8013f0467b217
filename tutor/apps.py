from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TutorConfig(AppConfig):
    name = "tutor"
    verbose_name = _("AI tutor")

    def ready(self):
        from . import checks, signals  # noqa: F401 (checks registers itself)

        signals.connect()
