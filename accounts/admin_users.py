"""The Wagtail admin's user screens, with Fluentory's roles and preferences."""

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

FLUENTORY_FIELDS = (
    "display_name",
    "time_zone",
    "preferred_language",
    "is_student",
    "is_teacher",
    "is_partner",
    "is_admin",
)


class FluentoryUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(FLUENTORY_FIELDS)


class FluentoryUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(FLUENTORY_FIELDS)


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return FluentoryUserEditForm if for_update else FluentoryUserCreationForm
