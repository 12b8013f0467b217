"""Course facts the public pages show that other apps own: prices and bundles (commerce) and ratings (learning).

Every page type reads prices, ratings and reviews through this module only; a course without a price in
any currency, or without reviews, says so rather than showing a made-up figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Avg, Count, Window
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from commerce import pricing
from commerce.bundle_savings import savings_for_course
from learning import selectors

from . import page_cache


@dataclass(frozen=True)
class Action:
    kind: str
    label: str
    url: str


def offers_for_courses(courses: Iterable, currency: str) -> dict:
    """{course id: Offer} in `currency`, in a fixed number of queries whatever the number of courses."""
    return pricing.offers_for(courses=list(courses), currency=currency)


def offers_in_every_currency(course) -> list:
    """The course's offers in each currency the site sells in (for the Course structured data)."""
    return pricing.offers_in_currencies(course=course, currencies=settings.FLUENTORY_CURRENCIES)


def bundle_savings(course, *, currency: str, language: str) -> list:
    """The bundles holding the course that cost less than their items separately, with the saving in `currency`."""
    return savings_for_course(course_id=course.pk, currency=currency, language=language)


def course_actions(course) -> list[Action]:
    """What a visitor can do from a course page: buy it, and (where the site offers them) give it or find their
    level first. An action whose page the site does not have is left out rather than linked to nowhere."""
    candidates = [
        ("buy", _("Buy this course"), "commerce:checkout-start", [course.slug]),
        ("gift", _("Give it as a gift"), "commerce:gift-start", [course.slug]),
        ("placement", _("Take the placement test"), "placement:index", []),
    ]
    actions = []
    for kind, label, url_name, args in candidates:
        try:
            actions.append(Action(kind, label, reverse(url_name, args=args)))
        except NoReverseMatch:
            continue
    return actions


@dataclass(frozen=True)
class TeacherCard:
    teacher: object
    rating: selectors.RatingSummary
    trial_url: str | None


def teacher_cards(teachers: list) -> list[TeacherCard]:
    """Each teacher (read with `selectors.with_teacher_ratings`) with the rating of the courses they teach and
    where to book a trial lesson with them, when the site takes bookings."""
    cards = []
    for teacher in teachers:
        try:
            trial_url = reverse("scheduling:book-teacher", args=[teacher.pk])
        except NoReverseMatch:
            trial_url = None
        rating = selectors.rating_summary(teacher.rating_average, teacher.rating_count)
        cards.append(TeacherCard(teacher, rating, trial_url))
    return cards


def reviews_and_rating(course, *, limit: int = 6) -> tuple[list, selectors.RatingSummary]:
    """The latest approved reviews, with their authors, and the rating over all of them, in one query."""
    reviews = list(
        selectors.approved_reviews(course=course, limit=limit).annotate(
            all_reviews_average=Window(Avg("rating")), all_reviews_count=Window(Count("pk"))
        )
    )
    if not reviews:
        return reviews, selectors.RatingSummary(None, 0)
    average = Decimal(str(reviews[0].all_reviews_average)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return reviews, selectors.RatingSummary(average, reviews[0].all_reviews_count)


def highlighted_courses(value, *, request, parent_context=None) -> dict:
    """Course pages for a course highlights block, with their offers, in a fixed number of queries."""
    from .models import CoursePage

    limit = value.get("limit") or 3
    current = (parent_context or {}).get("page")
    locale = current.locale if current is not None else Locale.get_active()
    picked = [page for page in (value.get("courses") or []) if page is not None]
    if picked:
        pages = CoursePage.objects.live().filter(translation_key__in=[page.translation_key for page in picked])
    else:
        pages = CoursePage.objects.live()
        category = value.get("category")
        if category is not None:
            if category.locale_id != locale.pk:  # a page chosen in another language: use its translation
                category = category.get_translation_or_none(locale) or category
            pages = pages.descendant_of(category)
        if value.get("language"):
            pages = pages.filter(course__language__iexact=value["language"])
        if value.get("level"):
            pages = pages.filter(course__level=value["level"])
        pages = pages.order_by("-first_published_at")
    pages = list(
        page_cache.public(pages)
        .filter(locale=locale)
        .select_related("course", "course__cover_image")
        .prefetch_related("course__cover_image__renditions")[:limit]
    )
    if picked:
        order = {page.translation_key: index for index, page in enumerate(picked)}
        pages.sort(key=lambda page: order.get(page.translation_key, len(order)))
    currency = getattr(request, "currency", settings.FLUENTORY_DEFAULT_CURRENCY)
    return {"course_pages": pages, "offers": offers_for_courses([page.course for page in pages], currency)}
