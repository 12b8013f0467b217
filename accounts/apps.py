from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import activity, certifications, emails, welcome

        activity.connect()
        certifications.register()
        emails.register()
        welcome.register()
        welcome.connect()


class FluentoryUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "accounts.admin_users.UserViewSet"
