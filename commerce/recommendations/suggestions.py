"""What to suggest next: "Continue to B1", "Add live speaking sessions", "Students also took", popular courses.

Each source reads what it needs in a fixed number of queries and returns suggestions in its own order;
`suggest()` asks them in turn, drops what the student already has, and prices what is left in one go. A new
kind of thing to sell is one more function in `SOURCES`.

"Add live speaking sessions" offers a session package for a language learnt only from recorded courses (or the
recorded course being looked at), while a teacher of it takes bookings and the student holds fewer than
`ENOUGH_CREDITS` unexpired credits that could book one: with one session left it is time to top up, with two or
more they have lessons to book first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from learning.models import Course
from scheduling.services import credits

from .. import course_pages, package_pricing, pricing
from ..models import CoEnrollment, CoursePopularity, SessionPackage
from .history import LEVEL_ORDER, History, histories_for, next_level

DEFAULT_LIMIT = 4
NEXT_LEVEL_PER_LANGUAGE = 1
ENOUGH_CREDITS = 2


class Kind:
    NEXT_LEVEL = "next_level"
    LIVE_SESSIONS = "live_sessions"
    ALSO_TOOK = "also_took"
    POPULAR = "popular"


@dataclass
class Suggestion:
    kind: str
    headline: str  # what the card says first ("Continue to B1")
    title: str
    url: str = ""
    course: Course | None = None
    offer: pricing.Offer | None = None
    package: SessionPackage | None = None
    detail: str = ""  # a line under the title, for what is not a course


@dataclass
class Request:
    """What one set of suggestions is for: a student's history, the course being looked at, or both."""

    history: History
    course: Course | None
    currency: str
    language: str
    limit: int
    taken: set[int] = field(default_factory=set)
    student: object = None  # signed in: whose credits say whether sessions are needed

    @property
    def languages(self) -> list[str]:
        languages = list(self.history.languages)
        if self.course is not None and self.course.language not in languages:
            languages.insert(0, self.course.language)
        return languages

    def excluded(self) -> set[int]:
        excluded = self.history.enrolled | self.taken
        if self.course is not None:
            excluded.add(self.course.pk)
        return excluded


def on_sale():
    return Course.objects.filter(status=Course.Status.PUBLISHED, visibility=Course.Visibility.PUBLIC)


def next_level_courses(request: Request) -> list[Suggestion]:
    """The first course of the level after the one reached, per language the student learns."""
    wanted: dict[str, str] = {}
    for language in request.languages:
        reached = request.history.levels.get(language)
        if request.course is not None and request.course.language == language:
            reached = max(filter(None, [reached, request.course.level]), key=_rank, default=None)
        following = next_level(reached) if reached else None
        if following:
            wanted[language] = following
    if not wanted:
        return []
    pairs = Q()
    for language, level in wanted.items():
        pairs |= Q(language=language, level=level)
    courses = (
        on_sale()
        .filter(pairs)
        .exclude(pk__in=request.excluded())
        .annotate(position=Window(RowNumber(), partition_by=[F("language"), F("level")], order_by=[F("title")]))
        .filter(position__lte=NEXT_LEVEL_PER_LANGUAGE)
        .order_by("title")
    )
    by_language = {course.language: course for course in courses}
    return [
        Suggestion(
            Kind.NEXT_LEVEL,
            _("Continue to %(level)s") % {"level": course.level},
            course.localized_title,
            course=course,
        )
        for language in wanted
        if (course := by_language.get(language)) is not None
    ]


def live_sessions(request: Request) -> list[Suggestion]:
    """Live speaking practice for a language learnt only from recorded courses, when a teacher of it takes bookings
    and the student is short of credits for it: a package of that language (or for any teacher) on sale in the
    currency, or the live-sessions page when there is none."""
    languages = set(request.history.recorded_only)
    if request.course is not None and request.course.course_type == "recorded":
        languages.add(request.course.language)
    if not languages:
        return []
    taught = (
        get_user_model()
        .objects.filter(is_teacher=True, is_active=True, schedule__accepts_private_sessions=True)
        .filter(schedule__windows__isnull=False)
        .values_list("teacher_profile__languages_taught", flat=True)
        .distinct()
    )
    bookable = {item.strip().casefold() for value in taught if value for item in value.split(",")}
    wanted = [language for language in request.languages if language in languages and language.casefold() in bookable]
    if wanted and request.student is not None:
        held = credits.usable_by_language(student=request.student, languages=wanted)
        wanted = [language for language in wanted if held[language] < ENOUGH_CREDITS]
    if not wanted:
        return []
    language = wanted[0]
    found = _package_for(language, currency=request.currency)
    if found is None:
        return [
            Suggestion(
                Kind.LIVE_SESSIONS,
                _("Add live speaking sessions"),
                _("Practise your %(language)s with a teacher, live") % {"language": language},
                url=reverse("scheduling:student-sessions"),
            )
        ]
    package, offer = found
    sessions = ngettext(
        "%(count)d live session with a teacher of %(language)s",
        "%(count)d live sessions with a teacher of %(language)s",
        package.sessions,
    ) % {"count": package.sessions, "language": language}
    return [
        Suggestion(
            Kind.LIVE_SESSIONS,
            _("Add live speaking sessions"),
            package.title,
            url=reverse("commerce:package-checkout", args=[package.slug]),
            offer=offer,
            package=package,
            detail=sessions,
        )
    ]


def _package_for(language: str, *, currency: str) -> tuple[SessionPackage, pricing.Offer] | None:
    """The first package of `language` priced in `currency`, else the first for any teacher; two queries."""
    packages = sorted(
        package_pricing.on_sale().filter(Q(language__iexact=language) | Q(teacher__isnull=True, language="")),
        key=lambda package: (not package.language, package.position, package.sessions, package.pk),
    )
    offers = package_pricing.package_offers(packages=packages, currency=currency)
    return next(((package, offers[package.pk]) for package in packages if package.pk in offers), None)


def also_took(request: Request) -> list[Suggestion]:
    """Courses most often owned by the students of the courses this student owns (or is looking at)."""
    seeds = set(request.history.enrolled)
    if request.course is not None:
        seeds.add(request.course.pk)
    if not seeds:
        return []
    rows = (
        CoEnrollment.objects.filter(
            course_id__in=seeds,
            also_took__status=Course.Status.PUBLISHED,
            also_took__visibility=Course.Visibility.PUBLIC,
        )
        .exclude(also_took_id__in=request.excluded())
        .select_related("also_took")
        .order_by("-students", "also_took__title")[: request.limit * 3]
    )
    suggestions, seen = [], set()
    for row in rows:
        if row.also_took_id not in seen:
            seen.add(row.also_took_id)
            suggestions.append(
                Suggestion(Kind.ALSO_TOOK, _("Students also took"), row.also_took.localized_title, course=row.also_took)
            )
    return suggestions


def popular(request: Request) -> list[Suggestion]:
    """For a short list: the most taken courses in the languages learnt, or across the site without any."""
    rows = CoursePopularity.objects.filter(
        course__status=Course.Status.PUBLISHED, course__visibility=Course.Visibility.PUBLIC
    ).exclude(course_id__in=request.excluded())
    if request.languages:
        rows = rows.filter(language__in=request.languages)
    rows = rows.select_related("course").order_by("-students", "course__title")[: request.limit]
    return [
        Suggestion(Kind.POPULAR, _("Popular with our students"), row.course.localized_title, course=row.course)
        for row in rows
    ]


SOURCES: tuple[Callable[[Request], list[Suggestion]], ...] = (next_level_courses, live_sessions, also_took, popular)


def suggest(*, student=None, course: Course | None = None, currency: str, language: str, limit: int = DEFAULT_LIMIT):
    """Up to `limit` suggestions for a student (signed in or not) and/or the course they are looking at.

    Never a course the student has an enrollment in. A fixed number of queries whatever the data."""
    if student is not None and student.is_authenticated:
        history = histories_for(student_ids=[student.pk])[student.pk]
    else:
        history = History()
    request = Request(
        history=history,
        course=course,
        currency=currency,
        language=language,
        limit=limit,
        student=student if student is not None and student.is_authenticated else None,
    )
    chosen: list[Suggestion] = []
    for source in SOURCES:
        if len(chosen) >= limit:
            break
        for suggestion in source(request):
            if suggestion.course is not None:
                if suggestion.course.pk in request.taken:
                    continue
                request.taken.add(suggestion.course.pk)
            chosen.append(suggestion)
    chosen = chosen[:limit]
    _price_and_link(chosen, currency=currency, language=language)
    return chosen


def _price_and_link(suggestions: list[Suggestion], *, currency: str, language: str) -> None:
    courses = [suggestion.course for suggestion in suggestions if suggestion.course is not None]
    if not courses:
        return
    offers = pricing.offers_for(courses=courses, currency=currency)
    pages = course_pages.page_urls(course_ids=[course.pk for course in courses], language=language)
    for suggestion in suggestions:
        if suggestion.course is not None:
            suggestion.offer = offers.get(suggestion.course.pk)
            suggestion.url = pages.get(suggestion.course.pk) or reverse(
                "commerce:checkout-start", kwargs={"slug": suggestion.course.slug}
            )


def _rank(level: str) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else -1
