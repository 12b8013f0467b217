"""Who writes the answer. Retrieval is the same for all; the offline provider quotes the passages itself."""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Provider

PROVIDERS = {
    "offline": "tutor.providers.offline.OfflineProvider",
    "openai": "tutor.providers.remote.OpenAICompatibleProvider",
    "anthropic": "tutor.providers.remote.AnthropicProvider",
}


def get_provider() -> Provider:
    return import_string(PROVIDERS[settings.TUTOR_PROVIDER])()
