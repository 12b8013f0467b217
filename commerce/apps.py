from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommerceConfig(AppConfig):
    name = "commerce"
    verbose_name = _("Commerce")

    def ready(self):
        from . import caching, checks, emails, referrals, sequences  # noqa: F401 (registers the deploy checks)
        from .recommendations import attribution
        from .recommendations import emails as recommendation_emails

        attribution.connect()
        recommendation_emails.register()
        caching.connect()
        emails.register()
        sequences.register()
        referrals.connect()
