"""The enrollment funnel: visit → placement test → checkout → enrollment → completion, per visitor.

Rule: a visitor is the person when known (`u<user id>`), else the anonymous session (`s<key>`); a session that
shows a signed-in person on the same UTC day counts as that person, and a visit with neither (a first page view,
before any session) is a visitor of its own. Each visitor counts once per step and course in a UTC day, in the hour
first reached; a report counts distinct visitors per step over its period, so coming back never counts twice.

Dimensions: the course (a visit to an address ending in the course's slug, its page; the order's course at
checkout; the enrolled or completed course; a placement test has none), its language, the UTM source and the
partner. The source is the event's own, else the person's first-touch source; the partner is the referral link of
that source (`utm_source=partner`, campaign = link code), or for a checkout the order's partner, else the partner
of any of the person's orders.
"""

from __future__ import annotations

from datetime import date, timedelta

from analytics.models import Event, FunnelVisitor
from analytics.models_funnel import FunnelStep
from commerce.models import Order, OrderLine
from commerce.partner_models import ReferralLink
from learning.models import Course

from . import Source, register
from .engine import day_bounds

EVENT_STEPS = {
    "page_visit": FunnelStep.VISIT,
    "placement_started": FunnelStep.PLACEMENT,
    "checkout_started": FunnelStep.CHECKOUT,
    "enrolled": FunnelStep.ENROLLED,
    "course_completed": FunnelStep.COMPLETED,
}
PARTNER_SOURCE = "partner"
HOUR = timedelta(hours=1)


@register("funnel", sources=(Source(Event, "occurred_at"),))
def rebuild(day: date) -> None:
    start, end = day_bounds(day)
    FunnelVisitor.objects.filter(bucket__gte=start, bucket__lt=end).delete()
    events = list(
        Event.objects.filter(name__in=EVENT_STEPS, occurred_at__gte=start, occurred_at__lt=end)
        .order_by("occurred_at", "pk")
        .values(
            "pk", "name", "user_id", "session_key", "occurred_at", "properties", "path", "utm_source", "utm_campaign"
        )
    )
    if not events:
        return
    context = _Context(events, start=start, end=end)
    rows: dict[tuple, FunnelVisitor] = {}
    for event in events:
        step = EVENT_STEPS[event["name"]]
        visitor, user_id = context.visitor(event)
        course_id = context.course(event, step)
        key = (step, visitor, course_id)
        if key in rows:
            continue
        utm_source, campaign = context.source(event, user_id)
        rows[key] = FunnelVisitor(
            bucket=event["occurred_at"].replace(minute=0, second=0, microsecond=0),
            step=step,
            visitor=visitor,
            course_id=course_id,
            language=context.languages.get(course_id, ""),
            utm_source=utm_source,
            partner_id=context.partner(event, step, user_id, utm_source, campaign),
        )
    FunnelVisitor.objects.bulk_create(rows.values(), batch_size=2_000)


class _Context:
    """What one day's events need from other records, read in a fixed number of queries."""

    def __init__(self, events: list[dict], *, start, end):
        anonymous = {e["session_key"] for e in events if e["user_id"] is None and e["session_key"]}
        self.session_users = (
            dict(
                Event.objects.filter(
                    occurred_at__gte=start, occurred_at__lt=end, session_key__in=anonymous, user__isnull=False
                )
                .order_by("occurred_at")
                .values_list("session_key", "user_id")
            )
            if anonymous
            else {}
        )
        users = {e["user_id"] for e in events if e["user_id"]} | set(self.session_users.values())
        self.first_touch = {}
        for user_id, source, campaign in (
            Event.objects.filter(user_id__in=users)
            .exclude(utm_source="")
            .order_by("user_id", "-occurred_at", "-pk")
            .values_list("user_id", "utm_source", "utm_campaign")
        ):
            self.first_touch[user_id] = (source, campaign)  # newest first, so the earliest is kept
        self.user_partners = dict(
            Order.objects.filter(student_id__in=users, partner__isnull=False)
            .order_by("-created_at")
            .values_list("student_id", "partner_id")
        )
        references = {e["properties"].get("order") for e in events if e["name"] == "checkout_started"} - {None}
        self.orders = dict(Order.objects.filter(reference__in=references).values_list("reference", "partner_id"))
        self.order_courses = dict(
            OrderLine.objects.filter(order__reference__in=references, course__isnull=False)
            .order_by("-pk")
            .values_list("order__reference", "course_id")
        )
        self.page_courses = _course_pages()
        campaigns = {e["utm_campaign"] for e in events if e["utm_source"] == PARTNER_SOURCE}
        campaigns |= {campaign for source, campaign in self.first_touch.values() if source == PARTNER_SOURCE}
        self.link_partners = dict(ReferralLink.objects.filter(code__in=campaigns).values_list("code", "partner_id"))
        course_ids = {e["properties"].get("course") for e in events} | set(self.order_courses.values())
        course_ids |= set(self.page_courses.values())
        self.languages = dict(
            Course.objects.filter(pk__in={c for c in course_ids if isinstance(c, int)}).values_list("pk", "language")
        )

    def visitor(self, event) -> tuple[str, int | None]:
        user_id = event["user_id"] or self.session_users.get(event["session_key"])
        if user_id:
            return f"u{user_id}", user_id
        if event["session_key"]:
            return f"s{event['session_key']}", None
        return f"e{event['pk']}", None

    def course(self, event, step) -> int | None:
        if step == FunnelStep.VISIT:
            slug = event["path"].rstrip("/").rsplit("/", 1)[-1]
            return self.page_courses.get(slug)
        if step == FunnelStep.CHECKOUT and event["properties"].get("order") in self.order_courses:
            return self.order_courses[event["properties"]["order"]]
        course = event["properties"].get("course")
        return course if isinstance(course, int) and course in self.languages else None

    def source(self, event, user_id) -> tuple[str, str]:
        if event["utm_source"]:
            return event["utm_source"], event["utm_campaign"]
        return self.first_touch.get(user_id, ("", ""))

    def partner(self, event, step, user_id, utm_source, campaign) -> int | None:
        if step == FunnelStep.CHECKOUT and self.orders.get(event["properties"].get("order")):
            return self.orders[event["properties"]["order"]]
        if utm_source == PARTNER_SOURCE and campaign in self.link_partners:
            return self.link_partners[campaign]
        return self.user_partners.get(user_id)


def _course_pages() -> dict[str, int]:
    """A course's slug → the course: a visit to an address ending in it (the course's page) counts for the course."""
    return dict(Course.objects.values_list("slug", "pk"))
