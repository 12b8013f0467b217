"""The placement analytics screen of the Wagtail admin. Admins only."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accounts.models import Role

from . import reports


def analytics_report(request):
    """Admins: conversion from test to enrollment, average score per language and level, drop-off per section."""
    if not request.user.has_role(Role.ADMIN):
        raise PermissionDenied(_("Placement analytics are for admins."))
    return TemplateResponse(
        request,
        "placement/admin/report.html",
        {"funnels": reports.funnels(), "scores": reports.scores_by_level(), "sections": reports.drop_off()},
    )
