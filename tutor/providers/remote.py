"""Models behind their official libraries: an OpenAI-compatible chat API and Anthropic's Messages API.
Both stream; any library error (refused, rate-limited, timed out, down) becomes a ProviderError. When the student
leaves mid-answer, the stream is closed and what was written is still counted: the providers report usage only at
the end of a stream, so the tokens not reported yet are estimated from the text sent and received."""

import math
from collections.abc import Iterator
from decimal import Decimal

import anthropic
import openai
from django.conf import settings

from .base import Provider, ProviderError, Request, Usage
from .prompt import system_prompt, user_prompt

MILLION = Decimal(1_000_000)


def _cost(usage: Usage) -> Decimal:
    """In the reporting currency, at the prices per million tokens the admin's contract says."""
    return (
        usage.tokens_in * settings.TUTOR_PRICE_INPUT_PER_MILLION
        + usage.tokens_out * settings.TUTOR_PRICE_OUTPUT_PER_MILLION
    ) / MILLION


CHARACTERS_PER_TOKEN = 4  # the providers' own rule of thumb for estimating tokens from text


def _estimate(text: str) -> int:
    return math.ceil(len(text) / CHARACTERS_PER_TOKEN)


def _left_early(request: Request, usage: Usage, written: list[str]) -> None:
    """Usage of a stream closed before its end: what the provider reported, or else an estimate."""
    usage.tokens_in = usage.tokens_in or _estimate(system_prompt(request) + user_prompt(request))
    usage.tokens_out = max(usage.tokens_out, _estimate("".join(written)))


class OpenAICompatibleProvider(Provider):
    name = "openai"

    def __init__(self):
        self.model = settings.TUTOR_MODEL
        self.client = openai.OpenAI(
            api_key=settings.TUTOR_API_KEY,
            base_url=settings.TUTOR_BASE_URL or None,
            timeout=settings.TUTOR_TIMEOUT_SECONDS,
            max_retries=settings.TUTOR_MAX_RETRIES,
        )

    def stream(self, request: Request, usage: Usage) -> Iterator[str]:
        chunks, written = None, []
        try:
            chunks = self.client.chat.completions.create(
                model=self.model,
                max_tokens=settings.TUTOR_MAX_ANSWER_TOKENS,
                messages=[
                    {"role": "system", "content": system_prompt(request)},
                    {"role": "user", "content": user_prompt(request)},
                ],
                stream=True,
                stream_options={"include_usage": True},
            )
            for chunk in chunks:
                if chunk.usage is not None:
                    usage.tokens_in, usage.tokens_out = chunk.usage.prompt_tokens, chunk.usage.completion_tokens
                for choice in chunk.choices:
                    if choice.delta and choice.delta.content:
                        written.append(choice.delta.content)
                        yield choice.delta.content
        except openai.OpenAIError as exc:
            raise ProviderError(str(exc)) from exc
        except GeneratorExit:
            _left_early(request, usage, written)
            raise
        finally:
            if chunks is not None:
                chunks.close()
            usage.cost = _cost(usage)


class AnthropicProvider(Provider):
    name = "anthropic"

    def __init__(self):
        self.model = settings.TUTOR_MODEL
        self.client = anthropic.Anthropic(
            api_key=settings.TUTOR_API_KEY,
            base_url=settings.TUTOR_BASE_URL or None,
            timeout=settings.TUTOR_TIMEOUT_SECONDS,
            max_retries=settings.TUTOR_MAX_RETRIES,
        )

    def stream(self, request: Request, usage: Usage) -> Iterator[str]:
        events, written = None, []
        try:
            events = self.client.messages.create(
                model=self.model,
                max_tokens=settings.TUTOR_MAX_ANSWER_TOKENS,
                system=system_prompt(request),
                messages=[{"role": "user", "content": user_prompt(request)}],
                stream=True,
            )
            for event in events:
                if event.type == "message_start":
                    usage.tokens_in = event.message.usage.input_tokens
                elif event.type == "content_block_delta" and event.delta.type == "text_delta":
                    written.append(event.delta.text)
                    yield event.delta.text
                elif event.type == "message_delta":
                    usage.tokens_out = event.usage.output_tokens
        except anthropic.AnthropicError as exc:
            raise ProviderError(str(exc)) from exc
        except GeneratorExit:
            _left_early(request, usage, written)
            raise
        finally:
            if events is not None:
                events.close()
            usage.cost = _cost(usage)
