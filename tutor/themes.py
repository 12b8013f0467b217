"""What confuses a course's students: its questions grouped by the topic word they share, and the lessons that
draw the most questions.

Questions go through the same normalisation and stemming as the ranking; each joins the theme of its term that
the most other questions also use (a term in more than half of them says nothing about the topic and is left
out), so themes are the topics students keep coming back to. Counting terms needs no model and no new library,
and stays fast for the few thousand latest questions it reads."""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from . import text
from .models import Exchange

MAX_QUESTIONS = 2000  # the latest ones; older confusion has been dealt with, or shows again
THEMES = 12
LESSONS = 10


@dataclass
class Theme:
    label: str
    count: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Themes:
    questions: int
    themes: list[Theme]
    lessons: list[tuple[int, str, int]]  # (lesson id, title, questions), most asked first


def _lesson_of(lesson_id, title, citations):
    """The lesson a question was asked from, else the lesson its answer quoted first."""
    if lesson_id is None and citations:
        return citations[0]["lesson_id"], citations[0]["title"]
    return lesson_id, title


def themes_for(*, course_id: int) -> Themes:
    """One query."""
    rows = list(
        Exchange.objects.filter(conversation__course_id=course_id)
        .order_by("-created_at")
        .values_list("question", "lesson_id", "lesson__title", "citations")[:MAX_QUESTIONS]
    )
    lessons: Counter = Counter()
    titles = {}
    for _question, *where in rows:
        lesson_id, title = _lesson_of(*where)
        if lesson_id is not None:
            lessons[lesson_id] += 1
            titles[lesson_id] = title

    asked = [(question, set(text.terms(question))) for question, *_where in rows]
    used = Counter(term for _question, terms in asked for term in terms)
    ceiling = max(2, len(asked) // 2)
    words: dict[str, Counter] = defaultdict(Counter)
    themes: dict[str, Theme] = {}
    for question, terms in asked:
        telling = [term for term in terms if 2 <= used[term] <= ceiling]
        if not telling:
            continue
        for word in re.findall(r"\w+", text.normalise(question)):
            stems = text.terms(word)
            if stems:
                words[stems[0]][word] += 1
        best = max(telling, key=lambda term: (used[term], term))
        theme = themes.setdefault(best, Theme(best))
        theme.count += 1
        if len(theme.examples) < 3:
            theme.examples.append(question)
    for term, theme in themes.items():
        theme.label = words[term].most_common(1)[0][0] if words[term] else term
    ranked = sorted(themes.values(), key=lambda theme: (-theme.count, theme.label))[:THEMES]
    return Themes(len(rows), ranked, [(pk, titles[pk], count) for pk, count in lessons.most_common(LESSONS)])
