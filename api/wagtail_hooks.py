from django.urls import path
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from accounts.models import Role

from . import admin_views


class AdminMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_role(Role.ADMIN)


class ApiAdminViewSet(ViewSet):
    name = "api_admin"
    url_prefix = "api"
    icon = "code"
    menu_label = gettext_lazy("API")
    menu_item_class = AdminMenuItem
    add_to_admin_menu = True
    menu_order = 170

    def get_urlpatterns(self):
        return [
            path("", admin_views.clients, name="index"),
            path("clients/", admin_views.clients, name="clients"),
            path("clients/<int:pk>/revoke/", admin_views.revoke_client, name="client-revoke"),
            path("webhooks/", admin_views.endpoints, name="endpoints"),
            path("webhooks/<int:pk>/remove/", admin_views.remove_endpoint, name="endpoint-remove"),
            path("deliveries/", admin_views.deliveries, name="deliveries"),
            path("deliveries/<int:pk>/replay/", admin_views.replay, name="replay"),
        ]


@hooks.register("register_admin_viewset")
def register_api_admin():
    return ApiAdminViewSet()
