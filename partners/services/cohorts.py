"""Private cohorts: a partner asks for seats on chosen courses, an admin grants them, students join by link or
invitation and are enrolled (source "cohort").

Joining locks the cohort's row, so concurrent joins never take more seats than were granted; joining twice
changes nothing. Join links and invitations carry `secrets.token_urlsafe(32)`; revoking the link draws a new one.
"""

from __future__ import annotations

import logging
import secrets

from celery import shared_task
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

import analytics
from accounts import audit
from core.site_url import absolute_url
from learning import services as learning
from learning.models import Enrollment
from notifications import delivery
from notifications.email_templates import render_email

from ..models import Cohort, CohortInvitation, CohortMember
from . import PartnerRefused
from .people import tell, tell_admins

logger = logging.getLogger(__name__)

MAX_INVITATIONS_AT_ONCE = 50


def new_token() -> str:
    return secrets.token_urlsafe(32)


def join_path(token: str) -> str:
    return reverse("partners:cohort-join", args=[token])


@transaction.atomic
def request_cohort(*, partner, name: str, courses, seats_requested: int, language: str) -> Cohort:
    cohort = Cohort.objects.create(partner=partner, name=name, seats_requested=seats_requested, language=language)
    cohort.courses.set(courses)
    audit.record(actor=partner, action="partners.cohort_requested", target=cohort, seats=seats_requested)
    tell_admins(
        kind="partners.cohort",
        words=lambda: (
            _("Cohort request: %(name)s") % {"name": name},
            _("%(partner)s asks for %(seats)s seats.") % {"partner": partner.name, "seats": seats_requested},
        ),
        url=reverse("partners_admin:cohort", args=[cohort.pk]),
    )
    return cohort


def _locked(cohort: Cohort) -> Cohort:
    return Cohort.objects.select_for_update().get(pk=cohort.pk)


@transaction.atomic
def approve_cohort(*, cohort: Cohort, admin, seats: int) -> Cohort:
    cohort = _locked(cohort)
    if cohort.status != Cohort.Status.PENDING:
        raise PartnerRefused(_("This cohort has already been decided."))
    if seats < 1:
        raise PartnerRefused(_("Grant at least one seat."))
    cohort.status, cohort.seats, cohort.join_token = Cohort.Status.APPROVED, seats, new_token()
    cohort.decided_at, cohort.decided_by = timezone.now(), admin
    cohort.save(update_fields=["status", "seats", "join_token", "decided_at", "decided_by"])
    audit.record(actor=admin, action="partners.cohort_approved", target=cohort, seats=seats)
    tell(
        cohort.partner,
        kind="partners.cohort",
        words=lambda: (
            _("Your cohort “%(name)s” is approved") % {"name": cohort.name},
            _("%(seats)s seats are yours: share the join link or invite your students.") % {"seats": seats},
        ),
        url=reverse("partners:cohort", args=[cohort.pk]),
    )
    return cohort


@transaction.atomic
def decline_cohort(*, cohort: Cohort, admin, reason: str) -> Cohort:
    cohort = _locked(cohort)
    if cohort.status != Cohort.Status.PENDING:
        raise PartnerRefused(_("This cohort has already been decided."))
    if not reason.strip():
        raise PartnerRefused(_("Say why the cohort is declined: the partner reads it."))
    cohort.status, cohort.decline_reason = Cohort.Status.DECLINED, reason.strip()
    cohort.decided_at, cohort.decided_by = timezone.now(), admin
    cohort.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])
    audit.record(actor=admin, action="partners.cohort_declined", target=cohort, reason=cohort.decline_reason)
    tell(
        cohort.partner,
        kind="partners.cohort",
        words=lambda: (_("Your cohort “%(name)s” is declined") % {"name": cohort.name}, cohort.decline_reason),
        url=reverse("partners:cohort", args=[cohort.pk]),
    )
    return cohort


@transaction.atomic
def revoke_link(*, cohort: Cohort, partner) -> Cohort:
    """A new join link; the old one stops working at once (invitations keep theirs)."""
    cohort = _locked(cohort)
    if cohort.status != Cohort.Status.APPROVED:
        raise PartnerRefused(_("Only an open cohort has a join link."))
    cohort.join_token = new_token()
    cohort.save(update_fields=["join_token"])
    audit.record(actor=partner, action="partners.cohort_link_revoked", target=cohort)
    return cohort


@transaction.atomic
def close_cohort(*, cohort: Cohort, partner) -> Cohort:
    """No one joins any more; members keep their courses."""
    cohort = _locked(cohort)
    if cohort.status != Cohort.Status.APPROVED:
        raise PartnerRefused(_("Only an open cohort can be closed."))
    cohort.status, cohort.join_token = Cohort.Status.CLOSED, ""
    cohort.save(update_fields=["status", "join_token"])
    audit.record(actor=partner, action="partners.cohort_closed", target=cohort)
    return cohort


@transaction.atomic
def invite(*, cohort: Cohort, partner, emails: list[str]) -> list[CohortInvitation]:
    """One invitation (with its own token) per new address; an address already invited is not invited again."""
    cohort = _locked(cohort)
    if cohort.status != Cohort.Status.APPROVED:
        raise PartnerRefused(_("Invitations go out only from an open cohort."))
    wanted = list(dict.fromkeys(address.strip().lower() for address in emails if address.strip()))
    if not wanted:
        raise PartnerRefused(_("Enter at least one email address."))
    if len(wanted) > MAX_INVITATIONS_AT_ONCE:
        raise PartnerRefused(_("Invite at most %(count)s addresses at a time.") % {"count": MAX_INVITATIONS_AT_ONCE})
    known = set(cohort.invitations.filter(email__in=wanted).values_list("email", flat=True))
    created = CohortInvitation.objects.bulk_create(
        [
            CohortInvitation(cohort=cohort, email=address, token=new_token())
            for address in wanted
            if address not in known
        ]
    )
    audit.record(actor=partner, action="partners.cohort_invited", target=cohort, count=len(created))
    for invitation in created:
        transaction.on_commit(lambda pk=invitation.pk: send_invitation_email.delay(pk), robust=True)
    return created


def invitation_message_id(invitation: CohortInvitation) -> str:
    return delivery.message_id(f"cohort-invitation-{invitation.pk}")


@shared_task(name="partners.tasks.send_invitation_email")
def send_invitation_email(invitation_id: int) -> bool:
    """Email one invitation; safe to retry: a message the outbox already holds as sent is not sent again."""
    invitation = (
        CohortInvitation.objects.select_related("cohort__partner__partner_profile").filter(pk=invitation_id).first()
    )
    if invitation is None or invitation.sent_at is not None:
        return False
    message_id = invitation_message_id(invitation)
    if not delivery.already_sent(message_id=message_id):
        cohort = invitation.cohort
        profile = getattr(cohort.partner, "partner_profile", None)
        with override(cohort.language):
            email = render_email(
                key="partners.cohort_invitation",
                language=cohort.language,
                context={
                    "cohort": cohort.name,
                    "partner": profile.organisation if profile else cohort.partner.name,
                    "link": absolute_url(join_path(invitation.token)),
                },
            )
        email.message(to=[invitation.email], headers={"Message-ID": message_id}).send()
    CohortInvitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    return True


def cohort_for_token(token: str) -> tuple[Cohort | None, CohortInvitation | None]:
    """The cohort a join link or an invitation opens, with the invitation when it is one."""
    if not token or len(token) > 64:
        return None, None
    cohort = Cohort.objects.filter(join_token=token).first()
    if cohort is not None:
        return cohort, None
    invitation = CohortInvitation.objects.select_related("cohort").filter(token=token).first()
    return (invitation.cohort, invitation) if invitation else (None, None)


def refuse_unless_joinable(cohort: Cohort | None, invitation: CohortInvitation | None = None, *, student=None) -> None:
    if cohort is None:
        raise PartnerRefused(_("This join link is not valid. Ask your organisation for a new one."))
    if cohort.status == Cohort.Status.CLOSED:
        raise PartnerRefused(_("This cohort is closed: no one can join it any more."))
    if cohort.status != Cohort.Status.APPROVED:
        raise PartnerRefused(_("This cohort is not open yet."))
    if invitation is not None and invitation.accepted_by_id and invitation.accepted_by_id != getattr(student, "pk", 0):
        raise PartnerRefused(_("This invitation has already been used by someone else."))


@transaction.atomic
def join(*, token: str, student) -> CohortMember:
    """Make `student` a member and enroll them in the cohort's courses. Idempotent; refused (nothing changed)
    when the token is wrong or revoked, the cohort is not open, or every seat is taken."""
    if not student.is_student:
        raise PartnerRefused(_("Only a student account can join a cohort."))
    found, invitation = cohort_for_token(token)
    if found is None:
        refuse_unless_joinable(None)
    cohort = _locked(found)  # the seat count below holds while this row is locked
    if invitation is None and cohort.join_token != token:  # revoked while we looked it up
        refuse_unless_joinable(None)
    if invitation is not None:
        invitation = CohortInvitation.objects.select_for_update().get(pk=invitation.pk)
    member = CohortMember.objects.filter(cohort=cohort, student=student).first()
    if member is not None:
        return member
    refuse_unless_joinable(cohort, invitation, student=student)
    if cohort.members.count() >= cohort.seats:
        raise PartnerRefused(_("Every seat in this cohort is taken. Ask your organisation for more seats."))
    member = CohortMember.objects.create(cohort=cohort, student=student, invitation=invitation)
    if invitation is not None:
        invitation.accepted_by, invitation.accepted_at = student, timezone.now()
        invitation.save(update_fields=["accepted_by", "accepted_at"])
    for course in cohort.courses.all():
        learning.enroll(student=student, course=course, source=Enrollment.Source.COHORT)
    analytics.track("cohort_joined", user=student, cohort=cohort.pk)
    return member
