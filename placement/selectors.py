"""Reads for the placement pages: tests on offer, a visitor's attempts, and what a result recommends."""

from __future__ import annotations

from dataclasses import dataclass

from commerce import course_pages, pricing
from learning.models import Course

from .models import Attempt, CourseRecommendation, PlacementTest, SectionResult


def live_tests():
    return PlacementTest.objects.filter(is_live=True).select_related("framework")


def attempt_by_key(key) -> Attempt | None:
    return Attempt.objects.filter(key=key).select_related("test__framework", "current_section__audio", "level").first()


def attempts_of(*, user, session_keys: list[str], limit: int = 10) -> list[Attempt]:
    """The attempts a visitor may reopen: on their account when signed in, else those their browser started."""
    if user.is_authenticated:
        attempts = Attempt.objects.filter(user=user)
    elif session_keys:
        attempts = Attempt.objects.filter(key__in=session_keys, user__isnull=True)
    else:
        return []
    return list(attempts.select_related("test", "level").order_by("finished_at", "-started_at")[:limit])


def results_of(attempt: Attempt) -> list[SectionResult]:
    return list(SectionResult.objects.filter(attempt=attempt).select_related("section").order_by("submitted_at", "pk"))


@dataclass(frozen=True)
class Recommendation:
    course: Course
    offer: pricing.Offer | None
    page_url: str | None


def recommendations_for(*, attempt: Attempt, currency: str, language: str) -> list[Recommendation]:
    """The courses the admin recommends at the attempt's level that are on sale, priced in `currency`."""
    if attempt.level_id is None:
        return []
    courses = [
        r.course
        for r in CourseRecommendation.objects.filter(
            level_id=attempt.level_id,
            course__status=Course.Status.PUBLISHED,
            course__visibility=Course.Visibility.PUBLIC,
        ).select_related("course")
    ]
    offers = pricing.offers_for(courses=courses, currency=currency)
    urls = course_pages.page_urls(course_ids=[c.pk for c in courses], language=language)
    return [Recommendation(c, offers.get(c.pk), urls.get(c.pk)) for c in courses]


def recommended_course(*, attempt: Attempt, course_id: int) -> Course | None:
    """The course, when it is recommended at the attempt's level and on sale."""
    if attempt.level_id is None:
        return None
    return Course.objects.filter(
        pk=course_id,
        status=Course.Status.PUBLISHED,
        visibility=Course.Visibility.PUBLIC,
        pk__in=CourseRecommendation.objects.filter(level_id=attempt.level_id).values("course_id"),
    ).first()
