"""The one interface every provider answers through."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Source:
    """A passage given to the provider, numbered as the answer cites it."""

    number: int
    lesson_title: str
    text: str


@dataclass(frozen=True)
class Request:
    question: str
    language: str  # the language to answer in
    tone: str
    sources: list[Source]
    general_knowledge: bool  # may the answer go beyond the sources


@dataclass
class Usage:
    tokens_in: int = 0
    tokens_out: int = 0
    cost: Decimal = field(default_factory=Decimal)


class ProviderError(Exception):
    """The provider could not answer (down, timed out, refused, rate-limited); the student is told so."""


class Provider:
    name = ""
    model = ""

    def stream(self, request: Request, usage: Usage) -> Iterator[str]:
        """The answer piece by piece; `usage` is filled in by the time the iterator ends."""
        raise NotImplementedError
