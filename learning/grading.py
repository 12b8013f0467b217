"""Reading and marking quiz answers. Pure functions over a quiz's raw question data."""

import random
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

TATWEEL = "\u0640"


class MalformedAnswer(ValueError):
    """The submitted form does not fit the quiz (a tampered or stale form): nothing is recorded."""


def items(value) -> list:
    """ListBlock raw data is either plain values or {"type": "item", "value": …} dicts."""
    return [item["value"] if isinstance(item, dict) and item.get("type") == "item" else item for item in value or []]


def normalise(text: str, *, ignore_case: bool, ignore_diacritics: bool) -> str:
    text = " ".join((text or "").split())
    if ignore_diacritics:
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c) and c != TATWEEL)
    text = unicodedata.normalize("NFC", text)
    return text.casefold() if ignore_case else text


def questions_of(quiz) -> list[dict]:
    return [{"id": block["id"], "type": block["type"], **block["value"]} for block in quiz.questions.raw_data]


def field_name(question_id: str, index: int | None = None) -> str:
    return f"q-{question_id}" if index is None else f"q-{question_id}-{index}"


def _int(value: str, upper: int, question: dict) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise MalformedAnswer(
            _("The answer to “%(q)s” is not one of its options.") % {"q": question["prompt"]}
        ) from None
    if not 0 <= number < upper:
        raise MalformedAnswer(_("The answer to “%(q)s” is not one of its options.") % {"q": question["prompt"]})
    return number


def read_answers(questions: list[dict], data) -> dict:
    """Turn submitted form data (a QueryDict) into answers; unanswered questions count as wrong."""
    answers: dict = {}
    for q in questions:
        qid, kind = q["id"], q["type"]
        if kind in ("single_choice", "true_false"):
            raw = data.get(field_name(qid), "")
            if raw == "":
                continue
            answers[qid] = _int(raw, 2 if kind == "true_false" else len(items(q["choices"])), q)
        elif kind == "multiple_choice":
            picked = data.getlist(field_name(qid)) if hasattr(data, "getlist") else data.get(field_name(qid), [])
            choices = len(items(q["choices"]))
            values = sorted({_int(v, choices, q) for v in picked})
            if values:
                answers[qid] = values
        elif kind == "fill_blank":
            raw = data.get(field_name(qid), "")
            if len(raw) > 500:
                raise MalformedAnswer(_("The answer to “%(q)s” is too long.") % {"q": q["prompt"]})
            if raw.strip():
                answers[qid] = raw
        elif kind in ("matching", "ordering"):
            count = len(items(q["pairs"] if kind == "matching" else q["items"]))
            chosen = []
            for index in range(count):
                raw = data.get(field_name(qid, index), "")
                chosen.append(None if raw == "" else _int(raw, count, q))
            if any(v is not None for v in chosen):
                answers[qid] = chosen
    return answers


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    prompt: str
    correct: bool
    feedback: str
    expected: str

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def grade_question(q: dict, answer) -> QuestionResult:
    kind = q["type"]
    feedback = ""
    if kind in ("single_choice", "multiple_choice"):
        choices = items(q["choices"])
        right = sorted(i for i, c in enumerate(choices) if c.get("correct"))
        expected = ", ".join(choices[i]["text"] for i in right)
        if kind == "single_choice":
            correct = answer is not None and answer in right
            if answer is not None:
                feedback = choices[answer].get("feedback", "")
        else:
            correct = answer is not None and sorted(answer) == right
            if answer:
                feedback = " ".join(choices[i].get("feedback", "") for i in answer if choices[i].get("feedback"))
    elif kind == "true_false":
        truth = bool(q.get("answer"))
        expected = _("True") if truth else _("False")
        correct = answer is not None and bool(answer) == truth
    elif kind == "fill_blank":
        accepted = items(q["accepted"])
        options = dict(ignore_case=bool(q.get("ignore_case")), ignore_diacritics=bool(q.get("ignore_diacritics")))
        expected = " / ".join(accepted)
        correct = answer is not None and normalise(answer, **options) in {normalise(a, **options) for a in accepted}
    elif kind == "matching":
        pairs = items(q["pairs"])
        expected = "; ".join(f"{p['left']} → {p['right']}" for p in pairs)
        correct = answer is not None and list(answer) == list(range(len(pairs)))
    elif kind == "ordering":
        entries = items(q["items"])
        expected = " → ".join(entries)
        correct = answer is not None and list(answer) == list(range(len(entries)))
    else:  # a question type this code does not know: never right, never a crash
        expected, correct = "", False
    general = q.get("feedback_correct" if correct else "feedback_incorrect") or ""
    return QuestionResult(q["id"], q["prompt"], correct, " ".join(x for x in (feedback, general) if x), expected)


def score(results: list[QuestionResult]) -> Decimal:
    if not results:
        return Decimal("0.00")
    right = sum(1 for r in results if r.correct)
    return (Decimal(right) * 100 / len(results)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def presentation_order(questions: list[dict], *, seed: str, shuffle: bool) -> list[dict]:
    """Questions (and their options) in the order one attempt shows them; answers keep original indexes."""
    rng = random.Random(seed)  # noqa: S311 - a repeatable shuffle, not a secret
    shown = []
    for q in questions:
        q = dict(q)
        if q["type"] in ("single_choice", "multiple_choice"):
            options = list(enumerate(items(q["choices"])))
            if shuffle:
                rng.shuffle(options)
            q["options"] = [(i, c["text"]) for i, c in options]
        elif q["type"] == "matching":
            pairs = items(q["pairs"])
            rights = list(enumerate(p["right"] for p in pairs))
            rng.shuffle(rights)  # always shuffled, or the answer is the identity
            q["lefts"] = [(i, p["left"]) for i, p in enumerate(pairs)]
            q["rights"] = rights
        elif q["type"] == "ordering":
            entries = list(enumerate(items(q["items"])))
            rng.shuffle(entries)
            q["entries"] = entries
            q["positions"] = list(range(len(entries)))
        shown.append(q)
    if shuffle:
        rng.shuffle(shown)
    return shown
