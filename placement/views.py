"""Public placement pages. Anyone may list tests, start one and take it; an attempt's pages open only for
its owner (see `ownership`); nobody else learns that it exists."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods, require_POST

import analytics
from core.throttle import throttled
from learning import grading

from . import ownership, selectors, services
from .models import Attempt, Skill


def index(request):
    """Anyone: the tests on offer, and the visitor's own attempts to continue or look back on."""
    tests = list(selectors.live_tests())
    attempts = selectors.attempts_of(user=request.user, session_keys=ownership.session_keys(request))
    return render(request, "placement/index.html", {"tests": tests, "attempts": attempts})


def test_detail(request, slug):
    """Anyone: what the test covers and how long it takes, with the button that starts it."""
    test = get_object_or_404(selectors.live_tests(), slug=slug)
    sections = list(test.sections.all())
    return render(request, "placement/test_detail.html", {"test": test, "sections": sections})


@require_POST
@throttled("placement_start")
def start(request, slug):
    """Anyone: starts an attempt; an anonymous visitor's browser remembers it."""
    test = get_object_or_404(selectors.live_tests(), slug=slug)
    try:
        attempt = services.start_attempt(test=test, user=request.user)
    except services.PlacementRefused as exc:
        return render(request, "placement/refused.html", {"message": str(exc), "test": test}, status=409)
    ownership.remember(request, attempt)
    return redirect("placement:take", key=attempt.key)


def _owned_attempt(request, key) -> Attempt:
    attempt = selectors.attempt_by_key(key)
    if attempt is None:
        raise Http404
    allowed = ownership.access(request, attempt)
    if allowed is ownership.Access.LOG_IN:
        raise _LogInFirst
    if allowed is not ownership.Access.OWNER:
        raise Http404
    return attempt


class _LogInFirst(Exception):
    pass


def _owner_only(view):
    @wraps(view)
    def wrapped(request, key, *args, **kwargs):
        try:
            attempt = _owned_attempt(request, key)
        except _LogInFirst:
            return redirect_to_login(request.get_full_path())
        return view(request, attempt, *args, **kwargs)

    return wrapped


@require_http_methods(["GET", "POST"])
@_owner_only
def take(request, attempt):
    """The attempt's owner: the current section (GET), or its answers (POST, then the next section)."""
    attempt = services.close_if_time_is_up(attempt=attempt)
    if attempt.is_finished and request.method == "GET":
        return redirect("placement:result", key=attempt.key)
    if request.method == "POST":
        try:
            services.submit_section(attempt=attempt, data=request.POST)
        except services.PlacementRefused as exc:
            attempt = services.close_if_time_is_up(attempt=selectors.attempt_by_key(attempt.key))
            if attempt.is_finished:
                return render(request, "placement/refused.html", {"message": str(exc), "attempt": attempt}, status=409)
            return _section_page(request, attempt, error=str(exc), status=400)
        return redirect("placement:take", key=attempt.key)
    return _section_page(request, attempt)


def _section_page(request, attempt, *, error="", status=200):
    section = attempt.current_section
    questions = grading.presentation_order(
        grading.questions_of(section), seed=f"{attempt.key}:{section.pk}", shuffle=False
    )
    answered = attempt.results.count()
    seconds_left = (
        max(0, int((attempt.deadline - timezone.now()).total_seconds())) if attempt.deadline is not None else None
    )
    return render(
        request,
        "placement/take.html",
        {
            "attempt": attempt,
            "test": attempt.test,
            "section": section,
            "questions": questions,
            "answered": answered,
            "seconds_left": seconds_left,
            "error": error,
        },
        status=status,
    )


@_owner_only
def result(request, attempt):
    """The attempt's owner: level, score per skill, what the level means and the courses recommended for it."""
    attempt = services.close_if_time_is_up(attempt=attempt)
    if not attempt.is_finished:
        return redirect("placement:take", key=attempt.key)
    skills = dict(Skill.choices)
    breakdown = [
        {"skill": skills.get(skill, skill), "percent": percent} for skill, percent in attempt.breakdown.items()
    ]
    recommendations = selectors.recommendations_for(
        attempt=attempt, currency=request.currency, language=translation.get_language()
    )
    return render(
        request,
        "placement/result.html",
        {
            "attempt": attempt,
            "test": attempt.test,
            "breakdown": breakdown,
            "recommendations": recommendations,
            "currency": request.currency,
        },
    )


@_owner_only
def follow(request, attempt, course_id):
    """The attempt's owner: records that a recommended course was chosen, then goes on to buy it."""
    course = selectors.recommended_course(attempt=attempt, course_id=course_id) if attempt.is_finished else None
    action = request.GET.get("to", "buy")
    if course is None or action not in FOLLOW_ACTIONS:
        raise Http404
    analytics.track(
        "recommendation_followed",
        request=request,
        test=attempt.test_id,
        attempt=str(attempt.key),
        course=course_id,
        level=attempt.level.code,
        action=action,
    )
    return redirect(FOLLOW_ACTIONS[action](course))


# Where a recommended course leads: buying it, giving it, or a trial lesson with one of the school's teachers.
FOLLOW_ACTIONS = {
    "buy": lambda course: reverse("commerce:checkout-start", args=[course.slug]),
    "gift": lambda course: reverse("commerce:gift-start", args=[course.slug]),
    "trial": lambda course: reverse("scheduling:student-sessions"),
}
