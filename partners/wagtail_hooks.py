from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from core.admin import AdminOnlyMenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def partner_requests_admin_urls():
    urls = [
        path("cohorts/", admin_views.cohort_list, name="cohorts"),
        path("cohorts/<int:pk>/", admin_views.cohort_review, name="cohort"),
        path("bundle-requests/", admin_views.bundle_request_list, name="bundle-requests"),
        path("bundle-requests/<int:pk>/", admin_views.bundle_request_answer, name="bundle-request"),
        path("tickets/", admin_views.ticket_list, name="tickets"),
        path("tickets/<int:pk>/", admin_views.ticket_thread, name="ticket"),
    ]
    return [path("partner-requests/", include((urls, "partners_admin"), namespace="partners_admin"))]


@hooks.register("register_admin_menu_item")
def partner_requests_menu():
    items = [
        AdminOnlyMenuItem(_("Cohorts"), reverse("partners_admin:cohorts"), icon_name="group", order=1),
        AdminOnlyMenuItem(
            _("Bundle requests"), reverse("partners_admin:bundle-requests"), icon_name="list-ul", order=2
        ),
        AdminOnlyMenuItem(_("Tickets"), reverse("partners_admin:tickets"), icon_name="mail", order=3),
    ]
    return SubmenuMenuItem(_("Partner requests"), Menu(items=items), icon_name="site", order=260)
