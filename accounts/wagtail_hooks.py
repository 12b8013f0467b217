from django.db import transaction
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton

from core.admin import ReadOnlyPermissionPolicy

from . import audit
from .admin_applications import TeacherApplicationViewSet
from .applications import PERMISSIONS
from .bulk_actions import BULK_ACTIONS
from .models import AuditEntry, PartnerProfile, TeacherProfile, User
from .widgets import PhotoInput


class PhotoColumn(Column):
    cell_template_name = "accounts/admin/photo_cell.html"


def teacher_links(profile: TeacherProfile) -> list[tuple[str, str, str]]:
    """Where an admin reads a teacher's figures and week; both screens are the analytics and scheduling apps'."""
    return [
        (_("Performance"), reverse("teacher_performance_detail", args=[profile.user_id]), "crosshairs"),
        (_("Calendar"), reverse("teacher_calendar", args=[profile.user_id]), "date"),
    ]


class TeacherIndexView(generic.IndexView):
    def get_base_queryset(self):
        today = timezone.localdate()
        return (
            super()
            .get_base_queryset()
            .select_related("user")
            .annotate(
                certification_count=Count("certifications", distinct=True),
                next_expiry=Min("certifications__expires_on", filter=Q(certifications__expires_on__gte=today)),
            )
        )

    @property
    def header_buttons(self):
        report = HeaderButton(_("Performance report"), url=reverse("teacher_performance"), icon_name="crosshairs")
        return [*super().header_buttons, report]

    def get_list_more_buttons(self, instance):
        links = [Button(label, url=url, icon_name=icon, priority=15) for label, url, icon in teacher_links(instance)]
        return [*super().get_list_more_buttons(instance), *links]


class AuditedSave:
    """Creating or changing a teacher's profile (and certifications) is recorded with who did it; a change of
    permissions is also written to the teacher's own activity log."""

    audit_action = ""

    def save_instance(self):
        with transaction.atomic():
            instance = super().save_instance()
            changed = list(self.form.changed_data)
            for name, formset in self.form.formsets.items():
                if formset.has_changed():
                    changed.append(name)
            audit.record(actor=self.request.user, action=self.audit_action, target=instance, changed=changed)
            permissions = {name: getattr(instance, name) for name in PERMISSIONS if name in self.form.changed_data}
            if permissions:
                audit.record(
                    actor=self.request.user, action="teachers.permissions_set", target=instance.user, **permissions
                )
        return instance


class TeacherCreateView(AuditedSave, generic.CreateView):
    audit_action = "teacher.profile_created"


class TeacherEditView(AuditedSave, generic.EditView):
    audit_action = "teacher.profile_changed"

    @property
    def header_more_buttons(self):
        links = [Button(label, url=url, icon_name=icon, priority=5) for label, url, icon in teacher_links(self.object)]
        return [*links, *super().header_more_buttons]


class TeacherProfileViewSet(ModelViewSet):
    model = TeacherProfile
    icon = "user"
    menu_label = _("Teachers")
    index_view_class = TeacherIndexView
    add_view_class = TeacherCreateView
    edit_view_class = TeacherEditView
    list_display = [
        "user",
        PhotoColumn("photo", label=_("Photo")),
        "headline",
        "languages_taught",
        Column("certification_count", label=_("Certifications")),
        Column("next_expiry", label=_("Next expiry")),
        "can_create_courses",
        "can_publish_lessons",
        "can_issue_certificates",
    ]
    search_fields = ["user__email", "user__display_name", "languages_taught"]
    panels = [
        FieldPanel("user"),
        MultiFieldPanel(
            [
                FieldPanel("headline"),
                FieldPanel("languages_taught"),
                FieldPanel("bio"),
                FieldPanel("photo", widget=PhotoInput),
            ],
            heading=_("Public profile"),
        ),
        FieldRowPanel(
            [
                FieldPanel("can_create_courses"),
                FieldPanel("can_publish_lessons"),
                FieldPanel("can_issue_certificates"),
            ],
            heading=_("Permissions"),
        ),
        InlinePanel("certifications", heading=_("Certifications"), label=_("Certification")),
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
