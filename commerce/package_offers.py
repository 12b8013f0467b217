"""The packages and trial lesson offered on the live-sessions pages, in the student's currency, in a fixed number of
queries whatever the number of packages."""

from __future__ import annotations

from django.template.loader import render_to_string

from scheduling.services import credits

from . import package_pricing
from .lines.package import takes_private_sessions


def _suits(package, teacher) -> bool:
    """A package whose credits could book `teacher` (any package when no teacher is in view)."""
    if teacher is None or (package.teacher_id is None and not package.language):
        return True
    if package.teacher_id:
        return package.teacher_id == teacher.pk
    profile = getattr(teacher, "teacher_profile", None)
    return bool(profile) and package.language.casefold() in {name.casefold() for name in profile.language_list}


def offers_panel(request, *, teacher=None, needs_credits: bool) -> str:
    user = request.user
    if not user.is_authenticated or not user.is_student:
        return ""
    currency = request.currency
    trial = None
    if teacher is not None and not credits.has_taken_trial(student=user, teacher=teacher):
        offer = package_pricing.trial_offer(currency=currency)
        if offer is not None and takes_private_sessions(teacher):
            trial = offer
    packages = []
    if needs_credits:
        candidates = [package for package in package_pricing.on_sale() if _suits(package, teacher)]
        offers = package_pricing.package_offers(packages=candidates, currency=currency)
        packages = [(package, offers[package.pk]) for package in candidates if package.pk in offers]
    if not packages and trial is None:
        return ""
    return render_to_string(
        "commerce/packages/offers_panel.html",
        {"packages": packages, "trial": trial, "teacher": teacher, "needs_credits": needs_credits},
        request=request,
    )
