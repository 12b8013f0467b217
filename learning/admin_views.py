"""Wagtail admin screens for course governance. Admins only (Role.ADMIN or superuser)."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import Revision

from accounts.models import Role, User

from .models import Certificate, ChangeRequest, Course, Enrollment, Lesson, LessonLock
from .services import LearningError, authoring, certificates, governance


def _admin_only(request):
    if not request.user.has_role(Role.ADMIN):
        raise PermissionDenied(_("Course governance is for admins."))


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment for the teacher"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


def review_queue(request):
    """Admins: teachers' submitted changes waiting for a decision, and recent decisions."""
    _admin_only(request)
    pending = ChangeRequest.objects.filter(status=ChangeRequest.Status.PENDING).select_related("course", "submitted_by")
    decided = (
        ChangeRequest.objects.exclude(status=ChangeRequest.Status.PENDING)
        .select_related("course", "decided_by")
        .order_by("-decided_at")[:20]
    )
    return TemplateResponse(request, "learning/admin/review_queue.html", {"pending": pending, "decided": decided})


def _changes(item):
    """Field-by-field differences between the live version and the submitted revision."""
    model = authoring.CONTENT_MODELS[item["model"]]
    obj = model.objects.filter(pk=item["id"]).first()
    revision = Revision.objects.filter(pk=item["revision"]).first()
    if obj is None or revision is None:
        return []
    submitted = revision.as_object()
    rows = []
    for field in model._meta.concrete_fields:
        if field.name in {
            "id",
            "live",
            "has_unpublished_changes",
            "latest_revision",
            "live_revision",
            "first_published_at",
            "last_published_at",
            "go_live_at",
            "expire_at",
            "expired",
            "course",
        }:
            continue
        before = field.value_from_object(obj) if obj.live else ""
        after = field.value_from_object(submitted)
        if hasattr(after, "raw_data"):  # StreamField: compare the stored JSON, not the wrapper objects
            before = json.dumps(list(before.raw_data), sort_keys=True, default=str) if obj.live else ""
            after = json.dumps(list(after.raw_data), sort_keys=True, default=str)
        if before != after:
            rows.append({"field": field.verbose_name, "before": _short(before), "after": _short(after)})
    return rows


def _short(value):
    text = str(value)
    return text if len(text) < 400 else text[:400] + "…"


def review_detail(request, pk):
    """Admins: one submission with what changes, to approve or send back with a comment."""
    _admin_only(request)
    change_request = get_object_or_404(ChangeRequest.objects.select_related("course", "submitted_by"), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if request.POST.get("decision") == "approve":
                governance.approve_changes(change_request=change_request, admin=request.user, comment=comment)
                messages.success(request, _("Approved: the changes are live."))
            elif request.POST.get("decision") == "reject":
                governance.reject_changes(change_request=change_request, admin=request.user, comment=comment)
                messages.success(request, _("Sent back to the teacher with your comment."))
            else:
                raise LearningError(_("Choose approve or reject."))
        except LearningError as error:
            form.add_error(None, error.message)
        else:
            return redirect("learning_admin:reviews")
    items = [{**item, "changes": _changes(item)} for item in change_request.items]
    return TemplateResponse(
        request,
        "learning/admin/review_detail.html",
        {"change_request": change_request, "items": items, "form": form},
        status=400 if form.errors else 200,
    )


class EnrollForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Student's email"))

    def clean_email(self):
        student = User.objects.filter(email__iexact=self.cleaned_data["email"]).first()
        if student is None:
            raise forms.ValidationError(_("No one has this email address."))
        return student


def course_enrollments(request, pk):
    """Admins: enroll or unenroll students of one course by hand."""
    _admin_only(request)
    course = get_object_or_404(Course, pk=pk)
    form = EnrollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            governance.grant_enrollment(admin=request.user, student=form.cleaned_data["email"], course=course)
        except LearningError as error:
            form.add_error("email", error.message)
        else:
            messages.success(request, _("Enrolled %(name)s.") % {"name": form.cleaned_data["email"].name})
            return redirect("learning_admin:enrollments", pk=course.pk)
    enrollments = Enrollment.objects.filter(course=course).select_related("student").order_by("-enrolled_at")
    return TemplateResponse(
        request,
        "learning/admin/enrollments.html",
        {"course": course, "form": form, "enrollments": enrollments},
        status=400 if form.errors else 200,
    )


@require_POST
def unenroll(request, pk):
    """Admins: end one enrollment (revoked)."""
    _admin_only(request)
    enrollment = get_object_or_404(Enrollment, pk=pk)
    governance.remove_enrollment(admin=request.user, enrollment=enrollment)
    messages.success(request, _("Enrollment revoked."))
    return redirect("learning_admin:enrollments", pk=enrollment.course_id)


def clone(request, pk):
    """Admins: copy a course with its modules, lessons and quizzes as a new draft (GET asks, POST copies)."""
    _admin_only(request)
    course = get_object_or_404(Course, pk=pk)
    if request.method != "POST":
        return TemplateResponse(request, "learning/admin/clone.html", {"course": course})
    copy = governance.clone_course(course=course, admin=request.user)
    messages.success(request, _("Cloned as “%(title)s” (draft).") % {"title": copy.title})
    return redirect("wagtailsnippets_learning_course:edit", copy.pk)


class LockForm(forms.Form):
    scope = forms.ChoiceField(
        label=gettext_lazy("Lock"),
        choices=[
            ("global", gettext_lazy("Every lesson of every course")),
            ("course", gettext_lazy("Every lesson of one course")),
            ("lesson", gettext_lazy("One lesson")),
        ],
    )
    course = forms.ModelChoiceField(label=gettext_lazy("Course"), queryset=Course.objects.all(), required=False)
    lesson = forms.ModelChoiceField(
        label=gettext_lazy("Lesson"),
        required=False,
        queryset=Lesson.objects.filter(retired=False).select_related("course").order_by("course__title", "title"),
    )
    reason = forms.CharField(label=gettext_lazy("Reason shown to students"), max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("scope") == "course" and not data.get("course"):
            self.add_error("course", _("Choose the course to lock."))
        if data.get("scope") == "lesson" and not data.get("lesson"):
            self.add_error("lesson", _("Choose the lesson to lock."))
        return data


def locks(request):
    """Admins: lock and unlock lessons globally, per course or one by one."""
    _admin_only(request)
    form = LockForm(request.POST or None)
    if request.method == "POST":
        if "unlock" in request.POST:
            lock = get_object_or_404(LessonLock, pk=request.POST["unlock"])
            governance.unlock_lessons(admin=request.user, lock=lock)
            messages.success(request, _("Unlocked."))
            return redirect("learning_admin:locks")
        if form.is_valid():
            scope = form.cleaned_data["scope"]
            governance.lock_lessons(
                admin=request.user,
                reason=form.cleaned_data["reason"],
                course=form.cleaned_data["course"] if scope == "course" else None,
                lesson=form.cleaned_data["lesson"] if scope == "lesson" else None,
            )
            messages.success(request, _("Locked."))
            return redirect("learning_admin:locks")
    return TemplateResponse(
        request,
        "learning/admin/locks.html",
        {"form": form, "locks": LessonLock.objects.select_related("course", "lesson", "created_by")},
        status=400 if form.errors else 200,
    )


class RevokeCertificateForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for revoking"),
        max_length=300,
        help_text=gettext_lazy("Kept in the admin's records; the verification page only says when it was revoked."),
    )


def revoke_certificate(request, pk):
    """Admins: revoke one certificate, with a reason (GET asks, POST revokes)."""
    _admin_only(request)
    certificate = get_object_or_404(Certificate, pk=pk)
    form = RevokeCertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificates.revoke_certificate(
                certificate=certificate, reason=form.cleaned_data["reason"], admin=request.user
            )
        except LearningError as error:
            form.add_error("reason", error.message)
        else:
            messages.success(request, _("Certificate revoked. Its verification page now says so."))
            return redirect("wagtailsnippets_learning_certificate:list")
    return TemplateResponse(
        request,
        "learning/admin/revoke_certificate.html",
        {"certificate": certificate, "form": form},
        status=400 if form.errors else 200,
    )
