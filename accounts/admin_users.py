"""The Wagtail admin's user screens, with Fluentory's roles and preferences."""

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

FLUENTORY_FIELDS = {
    "display_name",
    "time_zone",
    "preferred_language",
    "is_student",
    "is_teacher",
    "is_partner",
    "is_admin",
}


class AdminRoleMixin:
    """The Admin role runs the whole back office, so it carries Wagtail's superuser rights with it."""

    def save(self, commit=True):
        user = super().save(commit=False)
        if user.is_admin:
            user.is_superuser = True
            user.is_staff = True
        if commit:
            user.save()
            self.save_m2m()
        return user


class FluentoryUserCreationForm(AdminRoleMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | FLUENTORY_FIELDS


class FluentoryUserEditForm(AdminRoleMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | FLUENTORY_FIELDS


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return FluentoryUserEditForm if for_update else FluentoryUserCreationForm
