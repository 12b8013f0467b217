"""The default tutor: no model and no account, it quotes the sentences of the best passages that share the
most words with the question, each with its source number."""

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import override

from .. import text
from .base import Provider, Request, Usage

SENTENCES_PER_SOURCE = 2


def _best_sentences(question_terms: set[str], passage: str) -> list[str]:
    found = text.sentences(passage)
    scored = [(len(question_terms & set(text.terms(sentence))), index) for index, sentence in enumerate(found)]
    chosen = sorted(index for score, index in sorted(scored, reverse=True)[:SENTENCES_PER_SOURCE] if score)
    return [found[index] for index in chosen] or found[:1]


class OfflineProvider(Provider):
    name = "offline"
    model = "extractive-bm25"

    def stream(self, request: Request, usage: Usage) -> Iterator[str]:
        usage.tokens_in = len(request.question.split()) + sum(len(s.text.split()) for s in request.sources)
        with override(request.language):
            if not request.sources:
                pieces = [_("I could not find this in your course's lessons. Try other words, or ask your teacher.")]
            else:
                pieces = [_("Here is what your lessons say:")]
                wanted = set(text.terms(request.question))
                for source in request.sources:
                    quote = " ".join(_best_sentences(wanted, source.text))
                    pieces.append(f"\n“{quote}” [{source.number}]")
        for piece in pieces:
            usage.tokens_out += len(piece.split())
            yield piece
