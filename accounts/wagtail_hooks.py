from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin import ReadOnlyPermissionPolicy

from . import audit
from .admin_applications import TeacherApplicationViewSet
from .applications import PERMISSIONS
from .bulk_actions import BULK_ACTIONS
from .models import AuditEntry, PartnerProfile, TeacherProfile, User


class TeacherProfileEditView(generic.EditView):
    def save_instance(self):
        instance = super().save_instance()
        changed = {name: getattr(instance, name) for name in PERMISSIONS if name in self.form.changed_data}
        if changed:
            audit.record(actor=self.request.user, action="teachers.permissions_set", target=instance.user, **changed)
        return instance


class TeacherProfileViewSet(ModelViewSet):
    model = TeacherProfile
    icon = "user"
    menu_label = _("Teachers")
    edit_view_class = TeacherProfileEditView
    list_display = [
        "user",
        "headline",
        "languages_taught",
        "can_create_courses",
        "can_publish_lessons",
        "can_issue_certificates",
    ]
    search_fields = ["user__email", "user__display_name", "languages_taught"]
    form_fields = [
        "user",
        "headline",
        "bio",
        "languages_taught",
        "photo",
        "can_create_courses",
        "can_publish_lessons",
        "can_issue_certificates",
    ]


class PartnerProfileViewSet(ModelViewSet):
    model = PartnerProfile
    icon = "group"
    menu_label = _("Partners")
    list_display = ["organisation", "user", "contact_email"]
    search_fields = ["organisation", "user__email"]
    form_fields = ["user", "organisation", "contact_name", "contact_email", "contact_phone", "website"]


class AuditLogViewSet(ModelViewSet):
    model = AuditEntry
    icon = "history"
    menu_label = _("Audit log")
    list_display = ["created_at", "actor", "action", "target_type", "target_id"]
    list_filter = ["action", "target_type"]
    inspect_view_enabled = True
    form_fields = ["action"]  # required by ModelViewSet; no form is ever shown

    permission_policy = ReadOnlyPermissionPolicy(AuditEntry)


class PeopleGroup(ViewSetGroup):
    menu_label = _("People")
    menu_icon = "group"
    menu_order = 150
    items = (TeacherApplicationViewSet, TeacherProfileViewSet, PartnerProfileViewSet, AuditLogViewSet)


@hooks.register("register_admin_viewset")
def register_people():
    return PeopleGroup()


for action_class in BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class)

# Wagtail's own user actions, written to the audit log with the admin who took them.
WAGTAIL_BULK_DETAILS = {
    "set_active_state": lambda action: {"active": action.cleaned_form.cleaned_data["mark_as_active"]},
    "assign_role": lambda action: {"group": action.cleaned_form.cleaned_data["role"].name},
}


@hooks.register("after_bulk_action")
def audit_wagtail_user_bulk_actions(request, action_type, objects, action_class_instance):
    if action_class_instance.model is User and action_type in WAGTAIL_BULK_DETAILS:
        details = WAGTAIL_BULK_DETAILS[action_type](action_class_instance)
        for user in objects:
            audit.record(actor=request.user, action=f"account.bulk_{action_type}", target=user, **details)


@hooks.register("before_bulk_action")
def audit_user_bulk_delete(request, action_type, objects, action_class_instance):
    if action_class_instance.model is User and action_type == "delete":
        for user in objects:
            audit.record(actor=request.user, action="account.deleted_by_admin", target=user, email=user.email)


@hooks.register("before_delete_user")
def audit_user_delete(request, user):
    if request.method == "POST":
        audit.record(actor=request.user, action="account.deleted_by_admin", target=user, email=user.email)
