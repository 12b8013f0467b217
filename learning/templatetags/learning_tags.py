"""Rendering a course outline's rows in Python: a 200-lesson outline is one loop instead of 2,000 template
variable lookups (see bench/scenarios/learning.py)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def outline_rows(module, outline, current=None):
    labels = {
        "locked": escape(_("Locked")),
        "completed": escape(_("Completed")),
        "milestone": escape(_("Milestone")),
        "quiz": escape(_("Quiz")),
        "passed": escape(_("Passed")),
    }
    passed_quizzes = outline.progress.passed_quizzes
    current_id = getattr(current, "id", None)
    rows = []
    for entry in module.lessons:
        lesson, decision = entry.lesson, entry.decision
        is_current = entry.id == current_id
        state = "is-done" if entry.completed else ("" if decision.open else "is-locked")
        parts = [f'<li class="outline__lesson {state}{" is-current" if is_current else ""}" data-lesson="{entry.id}">']
        title = escape(lesson.title)
        if decision.open:
            aria = ' aria-current="page"' if is_current else ""
            parts.append(f'<a href="{escape(entry.url)}"{aria}>{title}</a>')
            if entry.completed:
                parts.append(f' <span class="tag tag--done">{labels["completed"]}</span>')
        else:
            parts.append(f'<span>{title}</span> <span class="tag tag--locked">{labels["locked"]}</span>')
            parts.append(f'<p class="lock-reason">{escape(decision.reason)}</p>')
        if lesson.must_complete or lesson.quiz_required:
            parts.append(f' <span class="tag">{labels["milestone"]}</span>')
        if entry.quiz and decision.open:
            quiz_title = escape(entry.quiz.title)
            parts.append(f' <a class="quiz-link" href="{escape(entry.quiz_url)}">{labels["quiz"]}: {quiz_title}</a>')
            if entry.quiz.pk in passed_quizzes:
                parts.append(f' <span class="tag tag--done">{labels["passed"]}</span>')
        parts.append("</li>")
        rows.append("".join(parts))
    return mark_safe("\n".join(rows))  # every value above is escaped
