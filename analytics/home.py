"""Headline figures on the Wagtail admin's home for admins: the last 30 days in the admin's time zone, read from
rollups. Each area adds its figures with one decorated function:

    @home.figure_provider
    def enrollment_figures(days):  # days: (first, last) local dates, both included
        return [home.Figure(_("New enrollments"), "1,204")]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component

from accounts.models import Role

DAYS = 30


@dataclass(frozen=True)
class Figure:
    label: str
    value: str  # formatted for the reader: a number or an amount with its currency
    url: str = ""  # the report the figure comes from


FigureProvider = Callable[[tuple[date, date]], list[Figure]]
FIGURE_PROVIDERS: list[tuple[int, FigureProvider]] = []


def figure_provider(provider: FigureProvider | None = None, *, order: int = 50):
    """Register `provider`; figures show by `order`, lowest first (money first, then learning)."""

    def register(provider: FigureProvider) -> FigureProvider:
        FIGURE_PROVIDERS.append((order, provider))
        FIGURE_PROVIDERS.sort(key=lambda item: item[0])
        return provider

    return register(provider) if provider is not None else register


def last_days(count: int = DAYS) -> tuple[date, date]:
    today = timezone.localdate()
    return today - timedelta(days=count - 1), today


class HeadlineFiguresPanel(Component):
    name = "analytics_headline_figures"
    template_name = "analytics/admin/home_figures.html"
    order = 10

    class Media:
        css = {"all": ["analytics/admin-figures.css"]}

    def get_context_data(self, parent_context):
        days = last_days()
        return {"figures": [figure for _order, provide in FIGURE_PROVIDERS for figure in provide(days)], "days": DAYS}


@hooks.register("construct_homepage_panels")
def add_headline_figures(request, panels):
    if request.user.has_role(Role.ADMIN) and FIGURE_PROVIDERS:
        panels.insert(0, HeadlineFiguresPanel())
