"""Ranking a course's passages for a question with BM25 (bm25s), the same for every provider.

Passages are normalised when a lesson is published; a process builds a course's BM25 model once per index
version from those stored terms, so a question costs a version check, a scoring and one read of the winners."""

import threading
from collections import OrderedDict
from dataclasses import dataclass

import bm25s
import numpy as np

from . import text
from .models import CourseIndex, Passage

KEEP_COURSES = 64  # models kept per process; a 200-lesson course's model is a few hundred kilobytes


@dataclass(frozen=True)
class Hit:
    passage_id: int
    lesson_id: int
    lesson_title: str
    anchor: str
    text: str
    score: float


@dataclass(frozen=True)
class _Model:
    version: int
    passage_ids: np.ndarray
    bm25: bm25s.BM25 | None


_models: OrderedDict[int, _Model] = OrderedDict()
_lock = threading.Lock()


def _model_for(course_id: int) -> _Model:
    version = CourseIndex.objects.filter(course_id=course_id).values_list("version", flat=True).first() or 0
    with _lock:
        model = _models.get(course_id)
        if model is not None and model.version == version:
            _models.move_to_end(course_id)
            return model
    rows = list(Passage.objects.filter(course_id=course_id).order_by("pk").values_list("pk", "terms"))
    bm25 = None
    if rows:
        bm25 = bm25s.BM25()
        bm25.index([terms.split() for _pk, terms in rows], show_progress=False)
    model = _Model(version, np.array([pk for pk, _terms in rows], dtype=np.int64), bm25)
    with _lock:
        _models[course_id] = model
        while len(_models) > KEEP_COURSES:
            _models.popitem(last=False)
    return model


def search(*, course_id: int, question: str, limit: int = 3) -> list[Hit]:
    """The passages that best answer `question`, best first; none share a word with it: empty."""
    query = text.terms(question)
    model = _model_for(course_id)
    if not query or model.bm25 is None:
        return []
    scores = model.bm25.get_scores(query)
    best = [index for index in np.argsort(-scores, kind="stable")[:limit] if scores[index] > 0]
    if not best:
        return []
    ids = [int(model.passage_ids[index]) for index in best]
    found = {
        row["pk"]: row
        for row in Passage.objects.filter(pk__in=ids).values("pk", "lesson_id", "lesson__title", "anchor", "text")
    }
    return [
        Hit(pk, row["lesson_id"], row["lesson__title"], row["anchor"], row["text"], float(scores[index]))
        for pk, index in zip(ids, best, strict=True)
        if (row := found.get(pk))
    ]
