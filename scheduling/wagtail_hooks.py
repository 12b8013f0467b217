"""Back office: teacher calendars (hours, overrides, rules), blocked times, cancellation rules, sessions, ledger."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin import AdminOnlyMenuItem, ReadOnlyPermissionPolicy

from . import admin_views
from .models import BlockedTime, Booking, CancellationRule, CreditEntry, CreditLot, LiveSession, TeacherSchedule


class TeacherScheduleViewSet(ModelViewSet):
    url_prefix = "scheduling/teacher-calendars"
    url_namespace = "scheduling_teacher_calendars"
    model = TeacherSchedule
    icon = "date"
    menu_label = _("Teacher calendars")
    list_display = ["teacher", "time_zone", "session_minutes", "minimum_notice_minutes", "accepts_private_sessions"]
    search_fields = ["teacher__email", "teacher__display_name"]
    inspect_view_enabled = True


class BlockedTimeViewSet(ModelViewSet):
    url_prefix = "scheduling/blocked-times"
    url_namespace = "scheduling_blocked_times"
    model = BlockedTime
    icon = "lock"
    menu_label = _("Blocked times")
    list_display = ["teacher", "starts_at", "ends_at", "reason"]
    list_filter = ["teacher"]
    form_fields = ["teacher", "starts_at", "ends_at", "reason"]


class CancellationRuleViewSet(ModelViewSet):
    url_prefix = "scheduling/cancellation-rules"
    url_namespace = "scheduling_cancellation_rules"
    model = CancellationRule
    icon = "list-ul"
    menu_label = _("Cancellation rules")
    list_display = ["action", "min_hours_before", "outcome", "reason", "active"]
    list_filter = ["action", "active"]


class LiveSessionViewSet(ModelViewSet):
    url_prefix = "scheduling/live-sessions"
    url_namespace = "scheduling_live_sessions"
    model = LiveSession
    icon = "group"
    menu_label = _("Live sessions")
    list_display = ["title", "teacher", "starts_at", "kind", "seats_taken", "capacity", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "teacher__email"]
    inspect_view_enabled = True
    form_fields = ["title"]
    permission_policy = ReadOnlyPermissionPolicy(LiveSession)


class BookingViewSet(ModelViewSet):
    url_prefix = "scheduling/bookings"
    url_namespace = "scheduling_bookings"
    model = Booking
    icon = "tick-inverse"
    menu_label = _("Bookings")
    list_display = ["student", "session", "starts_at", "status", "attendance", "decision_reason"]
    list_filter = ["status", "attendance"]
    search_fields = ["student__email", "session__title"]
    inspect_view_enabled = True
    form_fields = ["attendance"]
    permission_policy = ReadOnlyPermissionPolicy(Booking)


class CreditEntryViewSet(ModelViewSet):
    url_prefix = "scheduling/credit-ledger"
    url_namespace = "scheduling_credit_ledger"
    model = CreditEntry
    icon = "form"
    menu_label = _("Credit ledger")
    list_display = ["created_at", "student", "kind", "delta", "source", "reference", "note"]
    list_filter = ["kind", "source"]
    search_fields = ["student__email", "reference"]
    inspect_view_enabled = True
    form_fields = ["note"]
    permission_policy = ReadOnlyPermissionPolicy(CreditEntry)


class CreditsViewSet(ViewSet):
    name = "scheduling_credits"
    url_prefix = "scheduling/credits"
    icon = "plus-inverse"
    menu_label = _("Grant or remove credits")
    menu_item_class = AdminOnlyMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.adjust_credits, name="index"),
            path("<int:pk>/extend/", admin_views.approve_extension, name="approve"),
        ]


class CreditLotViewSet(ModelViewSet):
    url_prefix = "scheduling/credit-grants"
    url_namespace = "scheduling_credit_grants"
    model = CreditLot
    icon = "list-ul"
    menu_label = _("Credit grants")
    list_display = ["created_at", "student", "source", "quantity", "remaining", "teacher", "language", "expires_at"]
    list_filter = ["source"]
    search_fields = ["student__email", "reference"]
    inspect_view_enabled = True
    form_fields = ["label"]
    permission_policy = ReadOnlyPermissionPolicy(CreditLot)


class SchedulingGroup(ViewSetGroup):
    menu_label = _("Scheduling")
    menu_icon = "date"
    menu_order = 300
    items = (
        TeacherScheduleViewSet,
        BlockedTimeViewSet,
        CancellationRuleViewSet,
        LiveSessionViewSet,
        BookingViewSet,
        CreditEntryViewSet,
        CreditLotViewSet,
        CreditsViewSet,
    )


@hooks.register("register_admin_urls")
def teacher_calendar_urls():
    return [path("scheduling/teachers/<int:user_id>/calendar/", admin_views.teacher_calendar, name="teacher_calendar")]


@hooks.register("register_admin_viewset")
def register_scheduling():
    return SchedulingGroup()
