from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementConfig(AppConfig):
    name = "placement"
    verbose_name = _("Placement tests")

    def ready(self):
        from . import sequences, signals  # noqa: F401 - connects the sign-up and log-in receivers

        sequences.register()
