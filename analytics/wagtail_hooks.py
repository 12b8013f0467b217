from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin import AdminOnlyMenuItem, ReadOnlyPermissionPolicy

from . import admin_courses, admin_funnel, admin_revenue, admin_views, home  # noqa: F401 -- the reports' hooks register on import
from .models import Event


class EventViewSet(ModelViewSet):
    model = Event
    icon = "view"
    menu_label = _("Funnel events")
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["occurred_at", "name", "user", "path", "utm_source", "utm_campaign"]
    list_filter = ["name", "utm_source", "utm_campaign"]
    inspect_view_enabled = True
    form_fields = ["name"]  # required by ModelViewSet; no form is ever shown
    permission_policy = ReadOnlyPermissionPolicy(Event)
    # A log row is never the target of a reference, and indexing one costs a transaction on every tracked event.
    add_to_reference_index = False


@hooks.register("register_admin_viewset")
def register_events():
    return EventViewSet()


@hooks.register("register_admin_urls")
def teacher_performance_urls():
    return [
        path("reports/teachers/", admin_views.teacher_performance, name="teacher_performance"),
        path(
            "reports/teachers/<int:user_id>/",
            admin_views.teacher_performance_detail,
            name="teacher_performance_detail",
        ),
    ]


@hooks.register("register_reports_menu_item")
def teacher_performance_menu_item():
    return AdminOnlyMenuItem(
        _("Teacher performance"), reverse("teacher_performance"), icon_name="crosshairs", order=710
    )
