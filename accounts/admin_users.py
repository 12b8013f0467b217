"""The Wagtail admin's user screens, with Fluentory's roles and preferences, filters, a support page per person
and every change an admin makes to someone written to the audit log."""

import django_filters
from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, Q
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets.boolean_radio_select import BooleanRadioSelect
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users

from . import audit
from .admin_support import SupportActionView, SupportView
from .models import Role

FLUENTORY_FIELDS = {
    "display_name",
    "country",
    "time_zone",
    "preferred_language",
    "is_student",
    "is_teacher",
    "is_partner",
    "is_admin",
}
AUDITED_FIELDS = ("is_active", "is_student", "is_teacher", "is_partner", "is_admin", "is_superuser")
ROLE_FIELDS = {Role.STUDENT: "is_student", Role.TEACHER: "is_teacher", Role.PARTNER: "is_partner"}


class AdminRoleMixin:
    """The Admin role runs the whole back office, so it carries Wagtail's superuser rights with it."""

    def clean_country(self):
        return self.cleaned_data["country"].strip().upper()

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


def verified_addresses():
    return EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)


class UserFilterSet(wagtail_users.UserFilterSet):
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices, method="filter_role")
    verified = django_filters.BooleanFilter(
        label=_("Email verified"), method="filter_verified", widget=BooleanRadioSelect
    )
    country = django_filters.CharFilter(label=_("Country"), method="filter_country")

    def filter_role(self, queryset, name, value):
        if value == Role.ADMIN:
            return queryset.filter(Q(is_admin=True) | Q(is_superuser=True))
        return queryset.filter(**{ROLE_FIELDS[Role(value)]: True})

    def filter_verified(self, queryset, name, value):
        return (
            queryset.filter(Exists(verified_addresses())) if value else queryset.exclude(Exists(verified_addresses()))
        )

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=value.strip().upper())


class IndexView(wagtail_users.IndexView):
    @cached_property
    def columns(self):
        return [
            *super().columns,
            Column("roles", label=_("Roles"), accessor=lambda user: ", ".join(str(role.label) for role in user.roles)),
            BooleanColumn("email_verified", label=_("Verified"), width="8%"),
            Column("country", label=_("Country"), sort_key="country", width="8%"),
        ]

    @cached_property
    def search_fields(self):
        return ["email", "display_name", "first_name", "last_name"]

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(email_verified=Exists(verified_addresses()))


class EditView(wagtail_users.EditView):
    def save_instance(self):
        before = type(self.object).objects.values(*AUDITED_FIELDS).get(pk=self.object.pk)
        instance = super().save_instance()
        changed = {name: getattr(instance, name) for name in before if before[name] != getattr(instance, name)}
        if "groups" in self.form.changed_data:
            changed["groups"] = sorted(group.name for group in self.form.cleaned_data["groups"])
        if changed:
            audit.record(actor=self.request.user, action="account.roles_changed", target=instance, **changed)
        if "password1" in self.form.changed_data and self.form.cleaned_data.get("password1"):
            audit.record(actor=self.request.user, action="account.password_set_by_admin", target=instance)
        return instance


class CreateView(wagtail_users.CreateView):
    def save_instance(self):
        instance = super().save_instance()
        roles = [str(role.value) for role in instance.roles]
        audit.record(actor=self.request.user, action="account.created_by_admin", target=instance, roles=roles)
        return instance


class UserViewSet(wagtail_users.UserViewSet):
    filterset_class = UserFilterSet
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    inspect_view_enabled = True
    inspect_view_class = SupportView
    inspect_template_name = "wagtailusers/users/inspect.html"

    def get_form_class(self, for_update=False):
        return FluentoryUserEditForm if for_update else FluentoryUserCreationForm

    @property
    def support_action_view(self):
        return self.construct_view(SupportActionView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("support/<int:pk>/<slug:action>/", self.support_action_view, name="support_action"),
        ]
