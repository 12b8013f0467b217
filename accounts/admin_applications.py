"""Teacher applications in the Wagtail admin: the list (filtered by status), and one page per application to read
it, download the CV, and approve it with the teacher's permissions or reject it with a reason. Admins only."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin import ReadOnlyPermissionPolicy

from . import applications
from .models import Role, TeacherApplication, TeacherProfile


class ApproveForm(forms.ModelForm):
    class Meta:
        model = TeacherProfile
        fields = list(applications.PERMISSIONS)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (sent to the applicant)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


def _require_admin(user) -> None:
    if not (user.is_authenticated and user.is_active and user.has_role(Role.ADMIN)):
        raise PermissionDenied(_("This area is for: %(roles)s.") % {"roles": Role.ADMIN.label})


class DecideView(generic.InspectView):
    page_title = gettext_lazy("Teacher application")
    template_name = "accounts/admin/teacher_application.html"

    def get_object(self, queryset=None):
        return get_object_or_404(TeacherApplication.objects.select_related("decided_by", "user"), pk=self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("approve_form", ApproveForm(prefix="approve", initial={"can_create_courses": True}))
        context.setdefault("reject_form", RejectForm(prefix="reject"))
        context["document_url"] = reverse("teacherapplication:document", args=[self.object.pk])
        return context

    def post(self, request, *args, **kwargs):
        _require_admin(request.user)
        approve_form, reject_form = (
            ApproveForm(request.POST, prefix="approve"),
            RejectForm(request.POST, prefix="reject"),
        )
        decision = request.POST.get("decision")
        try:
            if decision == "approve" and approve_form.is_valid():
                user = applications.approve(
                    application=self.object, by=request.user, permissions=approve_form.cleaned_data
                )
                messages.success(request, _("Approved: %(name)s is now a teacher.") % {"name": user.name})
                return redirect("teacherapplication:index")
            if decision == "reject" and reject_form.is_valid():
                applications.reject(application=self.object, by=request.user, reason=reject_form.cleaned_data["reason"])
                messages.success(request, _("The application was rejected and the applicant told why."))
                return redirect("teacherapplication:index")
            messages.error(request, _("The decision could not be saved: see the errors below."))
        except applications.AlreadyDecided as exc:
            messages.error(request, str(exc))
            self.object.refresh_from_db()
        context = self.get_context_data(approve_form=approve_form, reject_form=reject_form)
        return self.render_to_response(context, status=400)


def application_document(request, pk):
    """Admins: the applicant's CV, always as a download, never shown inline."""
    _require_admin(request.user)
    application = get_object_or_404(TeacherApplication, pk=pk)
    if not application.document:
        raise Http404
    return FileResponse(
        application.document.open("rb"),
        as_attachment=True,
        filename=application.document.name.rsplit("/", 1)[-1],
    )


class TeacherApplicationViewSet(ModelViewSet):
    model = TeacherApplication
    icon = "form"
    menu_label = gettext_lazy("Teacher applications")
    list_display = ["name", "email", "languages", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "email", "languages"]
    form_fields = ["name"]  # required by ModelViewSet; applications are never edited, only decided
    inspect_view_enabled = True
    inspect_view_class = DecideView
    permission_policy = ReadOnlyPermissionPolicy(TeacherApplication)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("document/<int:pk>/", application_document, name="document")]
