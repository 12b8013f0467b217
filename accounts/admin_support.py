"""The support page of one person in the Wagtail admin: status, verification, roles, sessions, activity log, and
the actions support takes on them (each a POST, each audited by the service it calls)."""

from allauth.usersessions.models import UserSession
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views import generic
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from . import support
from .devices import describe
from .models import AuditEntry, TeacherProfile, User

ACTIVITY_PER_PAGE = 25


class SupportView(generic.InspectView):
    page_title = gettext_lazy("Support")
    permission_required = "change"
    any_permission_required = None

    def get_object(self, queryset=None):
        return get_object_or_404(User.objects.prefetch_related("groups"), pk=self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.object
        sessions = list(UserSession.objects.filter(user=user).order_by("-last_seen_at"))
        for session in sessions:
            session.device = describe(session.user_agent)
        activity = Paginator(
            AuditEntry.objects.filter(subject=user).select_related("actor").order_by("-created_at", "-pk"),
            ACTIVITY_PER_PAGE,
        ).get_page(self.request.GET.get("p"))
        context.update(
            person=user,
            verified=support.is_verified(user),
            teacher_profile=TeacherProfile.objects.filter(user=user).first() if user.is_teacher else None,
            sessions=sessions,
            activity=activity,
            actions_url_name="wagtailusers_users:support_action",
        )
        return context


class SupportActionView(PermissionCheckedMixin, View):
    """POST only; every outcome comes back to the support page with a message."""

    permission_required = "change"
    http_method_names = ["post"]

    def post(self, request, pk, action):
        user = get_object_or_404(User, pk=pk)
        handler = getattr(self, f"do_{action.replace('-', '_')}", None)
        if handler is None:
            messages.error(request, _("Unknown action."))
        else:
            handler(request, user)
        return redirect("wagtailusers_users:inspect", pk)

    def do_verify(self, request, user):
        if support.mark_verified(user=user, by=request.user):
            messages.success(request, _("The email address is now verified."))
        else:
            messages.warning(request, _("The email address was already verified."))

    def do_password_reset(self, request, user):
        support.send_password_reset(user=user, by=request.user, request=request)
        messages.success(request, _("A password reset email has been sent to %(email)s.") % {"email": user.email})

    def do_login_link(self, request, user):
        if not user.is_active:
            messages.error(request, _("This account is disabled: enable it before sending a login link."))
            return
        support.send_login_link(user=user, by=request.user)
        messages.success(request, _("A login link has been sent to %(email)s.") % {"email": user.email})

    def do_end_session(self, request, user):
        session_id = request.POST.get("session", "")
        if not session_id.isdigit() or not support.end_session(user=user, session_id=int(session_id), by=request.user):
            messages.error(request, _("That session has already ended."))
            return
        messages.success(request, _("The session has been ended."))

    def do_end_all(self, request, user):
        count = support.end_all_sessions(user=user, by=request.user)
        messages.success(request, _("Sessions ended: %(count)s.") % {"count": count})

    def do_disable(self, request, user):
        if user.pk == request.user.pk:
            messages.error(request, _("You cannot disable your own account."))
            return
        if support.set_active(user=user, active=False, by=request.user):
            messages.success(request, _("The account is disabled and its sessions have ended."))

    def do_enable(self, request, user):
        if support.set_active(user=user, active=True, by=request.user):
            messages.success(request, _("The account is enabled."))
