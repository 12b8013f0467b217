"""Funnel events: visitors arrive from UTM sources and partners' referral links, some take the placement test, start
a checkout, enroll, study and complete, in proportions close to a real school's."""

from __future__ import annotations

import uuid
from datetime import timedelta

from accounts.models import User
from analytics.models import Event
from commerce.partner_models import ReferralLink
from learning.models import Course

from . import World, batched, part

# (source, medium, share of visitors); partner visits take the partner's link as their campaign.
SOURCES = (("google", "cpc", 30), ("", "", 30), ("facebook", "social", 15), ("newsletter", "email", 10))
PARTNER_SHARE = 15
# Share of the previous step's visitors who go on: placement test, checkout, enrollment, completion.
GOES_ON = (0.30, 0.45, 0.60, 0.35)
LESSONS_PER_STUDENT = (2, 12)


@part(40)
def generate(world: World) -> None:
    students = world.made.get("student_ids") or list(User.objects.filter(is_student=True).values_list("pk", flat=True))
    courses = world.made.get("course_ids") or list(Course.objects.values_list("pk", "slug"))
    courses = [course if isinstance(course, tuple) else (course, "") for course in courses]
    if not students or not courses:
        world.log("funnel events: no students or courses to draw from; skipped")
        return
    slugs = dict(Course.objects.filter(pk__in=[pk for pk, _ in courses]).values_list("pk", "slug"))
    links = _partner_links(world)
    made = 0
    journeys = (
        event for event in _journeys(world, students, list(slugs.items()), links) if event.occurred_at < world.end
    )
    for batch in batched(journeys):
        batch = batch[: world.events - made]
        Event.objects.bulk_create(batch)
        made += len(batch)
        if made >= world.events:
            break
    world.made["funnel_events"] = made
    world.log(f"{made} funnel events, {len(links)} referral links")


def _partner_links(world: World) -> list[ReferralLink]:
    partners = world.made.get("partner_ids") or list(User.objects.filter(is_partner=True).values_list("pk", flat=True))
    links = list(ReferralLink.objects.filter(partner_id__in=partners, active=True))
    have = {link.partner_id for link in links}
    links += ReferralLink.objects.bulk_create(
        [ReferralLink(partner_id=partner, name="Generated") for partner in partners if partner not in have]
    )
    return links


def _journeys(world: World, students: list[int], courses: list[tuple[int, str]], links: list[ReferralLink]):
    """Events of one visitor after another, for as long as the caller takes them."""
    pick = world.random
    weights = [share for *_, share in SOURCES] + ([PARTNER_SHARE] if links else [])
    while True:
        at = world.moment()
        session = uuid.UUID(int=pick.getrandbits(128)).hex
        course_id, slug = pick.choice(courses)
        choice = pick.choices(range(len(weights)), weights)[0]
        if choice < len(SOURCES):
            utm = {"utm_source": SOURCES[choice][0], "utm_medium": SOURCES[choice][1]}
        else:
            utm = {"utm_source": "partner", "utm_medium": "referral", "utm_campaign": pick.choice(links).code}
        for page in range(pick.randint(1, 3)):
            path = f"/en/courses/{slug}/" if page == 0 else pick.choice(("/en/", "/en/blog/", "/en/faq/"))
            yield Event(name="page_visit", session_key=session, occurred_at=at, path=path, **utm)
            at += timedelta(minutes=pick.randint(1, 10))
        user = pick.choice(students)
        steps = []
        if pick.random() < GOES_ON[0]:
            steps.append(("placement_started", {"test": 1}))
        if pick.random() < GOES_ON[1] * (1.5 if steps else 0.8):
            order = f"G{uuid.UUID(int=pick.getrandbits(128)).hex[:10].upper()}"
            steps.append(("checkout_started", {"order": order, "course": course_id}))
            if pick.random() < GOES_ON[2]:
                steps.append(("enrolled", {"course": course_id, "source": "purchase"}))
        for name, props in steps:
            at += timedelta(minutes=pick.randint(2, 60))
            yield Event(name=name, user_id=user, session_key=session, occurred_at=at, properties=props, **utm)
        if steps and steps[-1][0] == "enrolled":
            yield from _studies(world, user, course_id, at)


def _studies(world: World, user: int, course_id: int, at):
    pick = world.random
    lessons = pick.randint(*LESSONS_PER_STUDENT)
    for lesson in range(1, lessons + 1):
        at += timedelta(hours=pick.randint(4, 96))
        for name in ("lesson_started", "lesson_completed"):
            yield Event(name=name, user_id=user, occurred_at=at, properties={"course": course_id, "lesson": lesson})
            at += timedelta(minutes=pick.randint(5, 40))
    if lessons >= LESSONS_PER_STUDENT[1] * GOES_ON[3] * 2:
        yield Event(name="course_completed", user_id=user, occurred_at=at, properties={"course": course_id})
