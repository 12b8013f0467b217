"""The default tutor: no model and no account, it quotes the sentences of the best passages that share the
most words with the question, each with its source number, framed in the tone the admin chose."""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from .. import text
from ..models import Tone
from .base import Provider, Request, Usage

SENTENCES_PER_SOURCE = 2

# Per tone: how the answer opens and closes, and how many sentences it quotes from each source.
FRAMES = {
    Tone.FRIENDLY: (_("Here is what your lessons say:"), _("Ask me again if anything is still unclear."), 2),
    Tone.CONCISE: (_("From your lessons:"), "", 1),
    Tone.FORMAL: (
        _("According to the lessons of your course:"),
        _("For further detail, please consult your teacher."),
        2,
    ),
    Tone.ENCOURAGING: (
        _("Good question! Here is what your lessons say:"),
        _("You are making real progress. Keep going!"),
        2,
    ),
}


def _best_sentences(question_terms: set[str], passage: str, count: int = SENTENCES_PER_SOURCE) -> list[str]:
    found = text.sentences(passage)
    scored = [(len(question_terms & set(text.terms(sentence))), index) for index, sentence in enumerate(found)]
    chosen = sorted(index for score, index in sorted(scored, reverse=True)[:count] if score)
    return [found[index] for index in chosen] or found[:1]


class OfflineProvider(Provider):
    name = "offline"
    model = "extractive-bm25"

    def stream(self, request: Request, usage: Usage) -> Iterator[str]:
        usage.tokens_in = len(request.question.split()) + sum(len(s.text.split()) for s in request.sources)
        opening, closing, count = FRAMES.get(request.tone, FRAMES[Tone.FRIENDLY])
        with override(request.language):
            if not request.sources:
                pieces = [
                    str(_("I could not find this in your course's lessons. Try other words, or ask your teacher."))
                ]
            else:
                pieces = [str(opening)]
                wanted = set(text.terms(request.question))
                for source in request.sources:
                    quote = " ".join(_best_sentences(wanted, source.text, count))
                    pieces.append(f"\n“{quote}” [{source.number}]")
                if closing:
                    pieces.append(f"\n{closing}")
        for piece in pieces:
            usage.tokens_out += len(piece.split())
            yield piece
