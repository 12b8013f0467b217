"""The moderation step, behind an adapter like the providers: a question is checked before anything answers it.

The offline default needs no account: a small built-in list of abuse categories, matched on the normalised words
of the question (English and Arabic) as the admin's refused topics are, pronouns included ("kill you"). With
`TUTOR_MODERATION=openai`, a question the list lets through is also sent to the OpenAI-compatible `/moderations`
endpoint (at `TUTOR_BASE_URL` with `TUTOR_API_KEY`); when that endpoint cannot answer, the question is not
answered either."""

import openai
from django.conf import settings
from django.utils.module_loading import import_string

from .. import text

CATEGORIES = {
    "harassment": ["idiot", "stupid teacher", "shut up", "i hate you", "moron", "غبي", "اخرس", "احمق"],
    "hate": ["inferior race", "subhuman", "عرق ادنى"],
    "self-harm": ["kill myself", "hurt myself", "suicide", "end my life", "انتحار", "اقتل نفسي", "انهي حياتي"],
    "violence": ["kill you", "make a bomb", "build a bomb", "shoot them", "اقتلك", "صنع قنبله"],
    "sexual": ["porn", "nude photos", "sex video", "اباحي", "صور عاريه"],
}


class ModerationError(Exception):
    """The moderation endpoint could not check the question."""


class Moderator:
    name = ""

    def flagged(self, question: str) -> str | None:
        """The category the question falls in, or None when it may be answered."""
        raise NotImplementedError


class OfflineModerator(Moderator):
    name = "offline"

    def flagged(self, question: str) -> str | None:
        for category, phrases in CATEGORIES.items():
            if text.mentioned(question, phrases, stop_words=frozenset()) is not None:
                return category
        return None


class OpenAIModerator(OfflineModerator):
    name = "openai"

    def __init__(self):
        self.client = openai.OpenAI(
            api_key=settings.TUTOR_API_KEY,
            base_url=settings.TUTOR_BASE_URL or None,
            timeout=settings.TUTOR_TIMEOUT_SECONDS,
            max_retries=settings.TUTOR_MAX_RETRIES,
        )

    def flagged(self, question: str) -> str | None:
        found = super().flagged(question)
        if found is not None:
            return found
        try:
            result = self.client.moderations.create(model=settings.TUTOR_MODERATION_MODEL, input=question).results[0]
        except (openai.OpenAIError, IndexError) as exc:
            raise ModerationError(str(exc)) from exc
        if not result.flagged:
            return None
        categories = result.categories.model_dump(by_alias=True)
        return next((name for name, hit in categories.items() if hit), "flagged")


MODERATORS = {
    "offline": "tutor.providers.moderation.OfflineModerator",
    "openai": "tutor.providers.moderation.OpenAIModerator",
}


def get_moderator() -> Moderator:
    return import_string(MODERATORS[settings.TUTOR_MODERATION])()
