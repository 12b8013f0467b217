"""Teachers' certifications: who may open their documents, and the reminders before one expires.

The reminders are a sequence whose event is the expiry date. The engine's scan (every minute, with the other
sequences) enters the teacher and every admin when a certification with an expiry date is saved, and again when
its look-ahead reaches the date, so an admin appointed since hears of it too. Each person enters once per
certification and date, and the engine sends each step once; a certification deleted or renewed (its date
moved) meanwhile is not reminded of its old date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from notifications import sequences
from notifications.kinds import Category
from notifications.registry import register_email

from .models import Role, TeacherCertification, User

TRIGGER = "accounts.certification_expiring"
EMAIL = "accounts.certification_expiring"
REMINDER_DAYS = (30, 7)  # the shipped steps; editors move or add steps in the sequence
LOOK_AHEAD = timedelta(days=max(REMINDER_DAYS) + 1)
PLACEHOLDERS = {
    "name": _("the person's name"),
    "teacher": _("the teacher's name"),
    "certification": _("the certification's title and issuer"),
    "expires": _("the expiry date"),
    "days": _("how many days are left"),
    "link": _("where to see or renew it"),
}


def may_open_document(*, user, certification: TeacherCertification) -> bool:
    """Admins, and the teacher the certification belongs to."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.has_role(Role.ADMIN) or certification.profile.user_id == user.pk


def certifications_of(*, teacher) -> list[TeacherCertification]:
    return list(TeacherCertification.objects.filter(profile__user=teacher))


def expiry_anchor(expires_on: date) -> datetime:
    return datetime.combine(expires_on, time.min, tzinfo=UTC)


def subject_for(certification_id: int, expires_on: date) -> str:
    return f"certification-{certification_id}-{expires_on:%Y%m%d}"


def expiring_between(since: datetime, until: datetime) -> Iterator[sequences.Candidate]:
    """Scan: certifications saved in the span, or whose expiry entered the look-ahead in it; the teacher and
    every active admin of each."""
    saved = Q(updated_at__gt=since, updated_at__lte=until)
    coming = Q(expires_on__gt=(since + LOOK_AHEAD).date(), expires_on__lte=(until + LOOK_AHEAD).date())
    found = list(
        TeacherCertification.objects.filter(saved | coming, expires_on__gt=until.date(), profile__user__is_active=True)
        .values_list("pk", "profile__user_id", "expires_on")
        .order_by("pk")
    )
    if not found:
        return
    admins = list(
        User.objects.filter(Q(is_admin=True) | Q(is_superuser=True), is_active=True).values_list("pk", flat=True)
    )
    for pk, teacher_id, expires_on in found:
        for user_id in dict.fromkeys([teacher_id, *admins]):
            yield sequences.Candidate(
                user_id=user_id, subject=subject_for(pk, expires_on), anchor=expiry_anchor(expires_on), object_id=pk
            )


def reminder_context(entries: list[sequences.Entry], now: datetime) -> dict[int, dict]:
    """A certification deleted, renewed or already expired has no context: its entry leaves the sequence."""
    certifications = TeacherCertification.objects.select_related("profile__user").in_bulk(
        {entry.object_id for entry in entries}
    )
    contexts = {}
    for entry in entries:
        certification = certifications.get(entry.object_id)
        if certification is None or certification.expires_on is None:
            continue
        if expiry_anchor(certification.expires_on) != entry.anchor or certification.expires_on <= now.date():
            continue
        teacher = certification.profile.user
        if entry.user_id == teacher.pk:
            link = reverse("accounts:profile") + "#certifications"
        else:
            link = reverse("teacherprofile:edit", args=[certification.profile_id])
        with override(entry.language):
            expires = date_format(certification.expires_on, "DATE_FORMAT")
        contexts[entry.id] = {
            "teacher": teacher.name,
            "certification": f"{certification.title} ({certification.issuer})",
            "expires": expires,
            "days": str((certification.expires_on - now.date()).days),
            "link": link,
        }
    return contexts


def register() -> None:
    register_email(
        key=EMAIL,
        label=_("A teacher's certification is about to expire"),
        placeholders=PLACEHOLDERS,
        sample={
            "name": _("Lina"),
            "teacher": _("Rania Haddad"),
            "certification": _("CELTA (Cambridge English)"),
            "expires": "12 March 2027",
            "days": "30",
            "link": "https://fluentory.example/account/profile/#certifications",
        },
        subject=_("{{ teacher }}: {{ certification }} expires in {{ days }} days"),
        preheader=_("It expires on {{ expires }}."),
        body=(
            _("Hello {{ name }},"),
            _("{{ teacher }}'s certification {{ certification }} expires on {{ expires }}, in {{ days }} days."),
            _("Please upload the renewed certificate before then, so the teacher's record stays complete."),
        ),
        button_label=_("See the certification"),
        button_link="{{ link }}",
    )
    sequences.register_trigger(
        key=TRIGGER,
        label=_("A teacher's certification is about to expire (teacher and admins)"),
        category=Category.ACCOUNT,
        context=reminder_context,
        placeholders=PLACEHOLDERS,
        scan=expiring_between,
        shipped_name=_("Certification expiry reminders"),
        shipped_steps=[sequences.ShippedStep(email=EMAIL, offset_hours=-24 * days) for days in REMINDER_DAYS],
    )
