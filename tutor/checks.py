"""A tutor provider named in the environment must be usable: a server refuses to start otherwise, rather than
answer every question with an error."""

from django.conf import settings
from django.core.checks import Error, register

from .providers import PROVIDERS
from .providers.moderation import MODERATORS


@register("tutor")
def provider_configured(app_configs, **kwargs):
    if settings.TUTOR_PROVIDER not in PROVIDERS:
        return [
            Error(
                f"TUTOR_PROVIDER={settings.TUTOR_PROVIDER!r} is not a tutor provider.",
                hint=f"Use one of: {', '.join(PROVIDERS)}.",
                id="tutor.E001",
            )
        ]
    if settings.TUTOR_PROVIDER != "offline" and not (settings.TUTOR_API_KEY and settings.TUTOR_MODEL):
        return [
            Error(
                f"The {settings.TUTOR_PROVIDER} tutor provider needs TUTOR_API_KEY and TUTOR_MODEL.",
                hint="Set both, or TUTOR_PROVIDER=offline to answer from the lessons alone.",
                id="tutor.E002",
            )
        ]
    return []


@register("tutor")
def moderation_configured(app_configs, **kwargs):
    if settings.TUTOR_MODERATION not in MODERATORS:
        return [
            Error(
                f"TUTOR_MODERATION={settings.TUTOR_MODERATION!r} is not a moderation service.",
                hint=f"Use one of: {', '.join(MODERATORS)}.",
                id="tutor.E003",
            )
        ]
    if settings.TUTOR_MODERATION != "offline" and not settings.TUTOR_API_KEY:
        return [
            Error(
                f"The {settings.TUTOR_MODERATION} moderation service needs TUTOR_API_KEY.",
                hint="Set it, or TUTOR_MODERATION=offline to moderate with the built-in list alone.",
                id="tutor.E004",
            )
        ]
    return []
