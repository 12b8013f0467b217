from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin import ReadOnlyPermissionPolicy

from .models import AuditEntry, PartnerProfile, TeacherProfile


class TeacherProfileViewSet(ModelViewSet):
    model = TeacherProfile
    icon = "user"
    menu_label = _("Teachers")
    list_display = ["user", "headline", "languages_taught", "can_create_courses", "can_publish_lessons"]
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
    items = (TeacherProfileViewSet, PartnerProfileViewSet, AuditLogViewSet)


@hooks.register("register_admin_viewset")
def register_people():
    return PeopleGroup()
