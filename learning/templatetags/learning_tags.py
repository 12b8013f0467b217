"""Rendering a course outline's rows in Python: a 200-lesson outline is one loop instead of 2,000 template
variable lookups (see bench/scenarios/learning.py)."""

from functools import lru_cache
from html import escape  # what django.utils.html.escape calls, without its lazy-string wrapper on every row

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@lru_cache(maxsize=16)
def _markup(language: str) -> dict[str, str]:
    """The rows' fixed markup in one language (catalogs are loaded once per process, so it never goes stale)."""
    return {
        "completed": f' <span class="tag tag--done">{escape(_("Completed"))}</span>',
        "passed": f' <span class="tag tag--done">{escape(_("Passed"))}</span>',
        "milestone": f' <span class="tag">{escape(_("Milestone"))}</span>',
        "locked": f' <span class="tag tag--locked">{escape(_("Locked"))}</span>',
        "quiz": escape(_("Quiz")),
    }


@register.simple_tag
def outline_rows(module, outline, current=None):
    markup = _markup(get_language())
    completed_tag, passed_tag, milestone_tag = markup["completed"], markup["passed"], markup["milestone"]
    locked_tag, quiz_label = markup["locked"], markup["quiz"]
    locked_markup: dict[int, str] = {}  # locked lessons share a few decisions: each one's markup is built once
    passed_quizzes = outline.progress.passed_quizzes
    current_id = getattr(current, "id", None)
    rows = []
    for entry in module.lessons:
        lesson, decision = entry.lesson, entry.decision
        is_current = lesson.id == current_id
        state = "is-done" if entry.completed else ("" if decision.open else "is-locked")
        current_class = " is-current" if is_current else ""
        title = escape(lesson.title)
        if decision.open:
            aria = ' aria-current="page"' if is_current else ""
            body = f'<a href="{escape(entry.url)}"{aria}>{title}</a>{completed_tag if entry.completed else ""}'
        else:
            reason = locked_markup.get(id(decision))
            if reason is None:
                reason = locked_markup[id(decision)] = (
                    f'{locked_tag}<p class="lock-reason">{escape(decision.reason)}</p>'
                )
            body = f"<span>{title}</span>{reason}"
        milestone = milestone_tag if lesson.must_complete or lesson.quiz_required else ""
        quiz = ""
        if entry.quiz and decision.open:
            quiz = f' <a class="quiz-link" href="{escape(entry.quiz_url)}">{quiz_label}: {escape(entry.quiz.title)}</a>'
            if entry.quiz.pk in passed_quizzes:
                quiz += passed_tag
        rows.append(
            f'<li class="outline__lesson {state}{current_class}" data-lesson="{lesson.id}">{body}{milestone}{quiz}</li>'
        )
    return mark_safe("\n".join(rows))  # every value above is escaped
