"""Teacher applications: received from the public form, decided once by an admin, with an email either way."""

from __future__ import annotations

from allauth.account import app_settings
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.site_url import absolute_url
from notifications.email_templates import render_email

from . import audit
from .models import TeacherApplication, TeacherProfile, User

PERMISSIONS = ("can_create_courses", "can_publish_lessons", "can_issue_certificates")


class AlreadyDecided(Exception):
    pass


def submit(*, application: TeacherApplication) -> TeacherApplication:
    application.save()
    audit.record(actor=None, action="teachers.applied", target=application, email=application.email)
    return application


def _decide(*, application: TeacherApplication, status: str, by: User, **fields) -> TeacherApplication:
    """The guarded update: only a pending application changes, so two admins cannot both decide it."""
    now = timezone.now()
    changed = TeacherApplication.objects.filter(pk=application.pk, status=TeacherApplication.Status.PENDING).update(
        status=status, decided_by=by, decided_at=now, **fields
    )
    if not changed:
        raise AlreadyDecided(_("This application has already been decided."))
    application.refresh_from_db()
    return application


@transaction.atomic
def approve(*, application: TeacherApplication, by: User, permissions: dict[str, bool]) -> User:
    """Makes (or finds) the person's account, gives it the teacher role and a profile with `permissions`."""
    user = User.objects.filter(email__iexact=application.email).first()
    created = user is None
    if created:
        user = User.objects.create_user(
            email=application.email, display_name=application.name, preferred_language=application.language
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    application = _decide(application=application, status=TeacherApplication.Status.APPROVED, by=by, user=user)
    if not user.is_teacher:
        user.is_teacher = True
        user.save(update_fields=["is_teacher"])
    profile, _created = TeacherProfile.objects.get_or_create(user=user)
    profile.languages_taught = profile.languages_taught or application.languages
    for name in PERMISSIONS:
        setattr(profile, name, bool(permissions.get(name)))
    profile.save()
    granted = {name: getattr(profile, name) for name in PERMISSIONS}
    audit.record(actor=by, action="teachers.application_approved", target=application, subject_id=user.pk)
    audit.record(actor=by, action="teachers.permissions_set", target=user, **granted)
    link = _set_password_path(user) if not user.has_usable_password() else reverse("learning:teacher-home")
    transaction.on_commit(lambda: _send(application, "accounts.teacher_approved", link=absolute_url(link)))
    return user


@transaction.atomic
def reject(*, application: TeacherApplication, by: User, reason: str) -> TeacherApplication:
    application = _decide(
        application=application, status=TeacherApplication.Status.REJECTED, by=by, rejection_reason=reason
    )
    audit.record(actor=by, action="teachers.application_rejected", target=application, reason=reason)
    transaction.on_commit(lambda: _send(application, "accounts.teacher_rejected", reason=reason))
    return application


def _set_password_path(user: User) -> str:
    """allauth's reset-password page, where a new teacher chooses their first password."""
    token = app_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    key = f"{user_pk_to_url_str(user)}-{token}"
    return reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"}).replace("UID-KEY", key)


def _send(application: TeacherApplication, key: str, **context) -> None:
    with override(application.language):
        email = render_email(key=key, language=application.language, context={"name": application.name, **context})
    email.message(to=[application.email]).send()
