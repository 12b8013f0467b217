"""Referral links partners make for themselves in their portal (admins make any in the Wagtail admin)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import audit

from .. import course_pages
from ..models import ReferralLink
from ..selectors import catalogue_courses


class LinkRefused(Exception):
    """Why the link cannot be made; safe to show."""


@transaction.atomic
def create_for_course(*, partner, course_id: int, language: str, name: str = "") -> ReferralLink:
    """A link landing on the course's public page in `language`; only a course on sale with a page qualifies."""
    course = catalogue_courses().filter(pk=course_id).first()
    landing = course_pages.page_urls(course_ids=[course.pk], language=language).get(course.pk) if course else None
    if course is None or not landing:
        raise LinkRefused(_("Choose a course from the list."))
    link = ReferralLink(partner=partner, name=(name.strip() or course.title)[:120], landing_path=urlsplit(landing).path)
    link.full_clean()
    link.save()
    audit.record(actor=partner, action="commerce.referral_link_created", target=link, course=course.pk)
    return link
