from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared utilities"

    def ready(self):
        from . import tampered_widgets

        tampered_widgets.install()
