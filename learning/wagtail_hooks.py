"""Course governance in the Wagtail admin: courses (bulk publish, archive, visibility, clone), reviews of
teachers' changes, enrollments by hand, lesson locks and review moderation."""

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import include, path, reverse
from django.utils.functional import classproperty, lazy
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from laces.components import Component
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts.models import Role
from core.admin import AdminOnlyMenuItem
from core.translated import translation_form_class, translation_panels

from . import admin_views, lesson_files
from .models import Certificate, CertificateTemplate, ChangeRequest, Course, Lesson, Module, Quiz, Review
from .models.certificates import PLACEHOLDERS
from .services import governance


def _is_admin(request):
    return _is_admin_user(request.user)


def _is_admin_user(user):
    return user.is_authenticated and user.has_role(Role.ADMIN)


class CourseViewSet(SnippetViewSet):
    model = Course
    icon = "doc-full-inverse"
    menu_label = _("Courses")
    list_display = ["title", "course_type", "status", "visibility", "language", "level"]
    list_filter = ["status", "visibility", "course_type", "language"]
    search_fields = ["title", "summary"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel([FieldPanel("title"), FieldPanel("slug"), FieldPanel("summary")], heading=_("Course")),
            MultiFieldPanel(
                [
                    FieldPanel("language"),
                    FieldPanel("level"),
                    FieldPanel("custom_level"),
                    FieldPanel("course_type"),
                    FieldPanel("estimated_hours"),
                    FieldPanel("included_live_sessions"),
                    FieldPanel("completion_sessions"),
                    FieldPanel("cover_image"),
                ],
                heading=_("Details"),
            ),
            MultiFieldPanel(
                [FieldPanel("status"), FieldPanel("visibility"), FieldPanel("teachers")], heading=_("Governance")
            ),
            *translation_panels(Course),
        ],
        base_form_class=translation_form_class(Course),
    )


class ReviewViewSet(SnippetViewSet):
    model = Review
    icon = "pick"
    menu_label = _("Ratings and reviews")
    list_display = ["course", "rating", "status", "updated_at"]
    list_filter = ["status", "course"]
    panels = [
        FieldPanel("status"),
        FieldPanel("moderation_note"),
        FieldPanel("rating", read_only=True),
        FieldPanel("body", read_only=True),
    ]


class ModuleViewSet(SnippetViewSet):
    model = Module
    icon = "folder-open-inverse"
    menu_label = _("Modules")
    list_display = ["title", "course", "sort_order", "unlock_rule", "live"]
    list_filter = ["course", "unlock_rule", "retired"]
    search_fields = ["title"]
    panels = [
        FieldPanel("course"),
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("sort_order"),
        MultiFieldPanel(
            [FieldPanel("unlock_rule"), FieldPanel("available_from"), FieldPanel("days_after_enrollment")],
            heading=_("Unlocking"),
        ),
        FieldPanel("retired"),
    ]


class LessonViewSet(SnippetViewSet):
    """Admins see every lesson with its revisions, and may edit and publish directly."""

    model = Lesson
    icon = "doc-full"
    menu_label = _("Lessons")
    list_display = ["title", "course", "module", "sort_order", "live"]
    list_filter = ["course", "must_complete", "quiz_required", "is_preview", "retired"]
    search_fields = ["title"]
    panels = [
        FieldPanel("module"),
        FieldPanel("title"),
        FieldPanel("body"),
        FieldPanel("estimated_minutes"),
        FieldPanel("sort_order"),
        MultiFieldPanel(
            [FieldPanel("is_required"), FieldPanel("must_complete"), FieldPanel("quiz_required")],
            heading=_("Milestone"),
        ),
        FieldPanel("is_preview"),
        FieldPanel("retired"),
    ]


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "help"
    menu_label = _("Quizzes")
    list_display = ["title", "course", "lesson", "module", "live"]
    list_filter = ["course", "retired"]
    search_fields = ["title"]
    panels = [
        MultiFieldPanel([FieldPanel("lesson"), FieldPanel("module")], heading=_("On a lesson or a module")),
        FieldPanel("title"),
        FieldPanel("instructions"),
        MultiFieldPanel(
            [FieldPanel("pass_mark"), FieldPanel("attempt_limit"), FieldPanel("randomise"), FieldPanel("required")],
            heading=_("Rules"),
        ),
        FieldPanel("questions"),
        FieldPanel("retired"),
    ]


COLOUR = forms.TextInput(attrs={"type": "color"})


def _placeholders_help() -> str:
    return format_html(
        "<p>{}</p><ul>{}</ul>",
        _("The title and wording may use these placeholders:"),
        format_html_join("", "<li><code>{{{{ {} }}}}</code>: {}</li>", PLACEHOLDERS.items()),
    )


class CertificateTemplateViewSet(SnippetViewSet):
    """Editors design certificates: a default template and, where wanted, one per course, in each language."""

    model = CertificateTemplate
    icon = "doc-full-inverse"
    menu_label = _("Certificate templates")
    list_display = ["name", "course", "layout", "locale", "updated_at"]
    list_filter = ["layout", "locale"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("course"),
        MultiFieldPanel(
            [
                FieldPanel("layout"),
                FieldPanel("font"),
                FieldPanel("primary_colour", widget=COLOUR),
                FieldPanel("accent_colour", widget=COLOUR),
                FieldPanel("background_image"),
                FieldPanel("logo"),
            ],
            heading=_("Design"),
        ),
        MultiFieldPanel(
            [HelpPanel(content=lazy(_placeholders_help, str)()), FieldPanel("title"), FieldPanel("wording")],
            heading=_("Wording"),
        ),
        FieldPanel("signatures"),
    ]


class ViewOnlyPolicy(ModelPermissionPolicy):
    """Certificates are issued and revoked by the site's rules, never added, edited or deleted by hand."""

    def user_has_permission(self, user, action):
        return action == "view" and _is_admin_user(user)

    def users_with_any_permission(self, actions):
        from django.db.models import Q

        from accounts.models import User

        if "view" not in actions:
            return User.objects.none()
        return User.objects.filter(Q(is_admin=True) | Q(is_superuser=True), is_active=True)


class CertificateViewSet(SnippetViewSet):
    """Admins: every certificate issued, its status, and the revocation form."""

    model = Certificate
    icon = "success"
    menu_label = _("Certificates")
    list_display = ["course_title", "holder_name", "issued_at", "revoked_at"]
    list_filter = ["issued_at", "revoked_at"]
    search_fields = ["holder_name", "course_title", "code"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "holder_name",
        "course_title",
        "level",
        "hours",
        "teacher_name",
        "language",
        "issued_at",
        "issued_by",
        "code",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
    ]

    @property
    def permission_policy(self):
        return ViewOnlyPolicy(self.model)


class LearningGroup(SnippetViewSetGroup):
    items = (
        CourseViewSet,
        ModuleViewSet,
        LessonViewSet,
        QuizViewSet,
        ReviewViewSet,
        CertificateTemplateViewSet,
        CertificateViewSet,
    )
    menu_icon = "group"
    menu_label = _("Learning")
    menu_name = "learning"


register_snippet(LearningGroup)


@hooks.register("register_admin_urls")
def learning_admin_urls():
    urls = [
        path("reviews/", admin_views.review_queue, name="reviews"),
        path("reviews/<int:pk>/", admin_views.review_detail, name="review"),
        path("courses/<int:pk>/enrollments/", admin_views.course_enrollments, name="enrollments"),
        path("courses/<int:pk>/clone/", admin_views.clone, name="clone"),
        path("enrollments/<int:pk>/revoke/", admin_views.unenroll, name="unenroll"),
        path("locks/", admin_views.locks, name="locks"),
        path("certificates/<int:pk>/revoke/", admin_views.revoke_certificate, name="revoke-certificate"),
    ]
    return [path("learning/", include((urls, "learning_admin"), namespace="learning_admin"))]


class ReviewMenuItem(AdminOnlyMenuItem):
    def get_context(self, request):
        context = super().get_context(request)
        count = ChangeRequest.objects.filter(status=ChangeRequest.Status.PENDING).count()
        if count:
            context["label"] = f"{self.label} ({count})"
        return context


class PendingReviewsPanel(Component):
    """Dashboard panel for admins: teachers' changes waiting for a decision."""

    name = "learning_pending_reviews"
    template_name = "learning/admin/pending_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        return {
            "pending": ChangeRequest.objects.filter(status=ChangeRequest.Status.PENDING)
            .select_related("course", "submitted_by")
            .order_by("submitted_at")[:10]
        }


@hooks.register("construct_homepage_panels")
def add_pending_reviews_panel(request, panels):
    if _is_admin(request):
        panels.append(PendingReviewsPanel())


@hooks.register("register_admin_menu_item")
def review_menu_item():
    return ReviewMenuItem(_("Course reviews"), reverse("learning_admin:reviews"), icon_name="tasks", order=250)


@hooks.register("register_admin_menu_item")
def locks_menu_item():
    return AdminOnlyMenuItem(_("Lesson locks"), reverse("learning_admin:locks"), icon_name="lock", order=251)


@hooks.register("register_snippet_listing_buttons")
def certificate_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Certificate) and not snippet.is_revoked and user.has_role(Role.ADMIN):
        yield ListingButton(
            _("Revoke"), reverse("learning_admin:revoke-certificate", args=[snippet.pk]), icon_name="cross", priority=20
        )


@hooks.register("register_snippet_listing_buttons")
def course_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Course) and user.has_role(Role.ADMIN):
        yield ListingButton(
            _("Enrollments"), reverse("learning_admin:enrollments", args=[snippet.pk]), icon_name="group", priority=20
        )
        yield ListingButton(
            _("Clone"), reverse("learning_admin:clone", args=[snippet.pk]), icon_name="copy", priority=30
        )


class CourseBulkAction(SnippetBulkAction):
    template_name = "learning/admin/confirm_bulk.html"
    new_status = ""

    @classproperty
    def models(cls):
        return [Course]

    def check_perm(self, obj):
        return self.request.user.has_role(Role.ADMIN)

    @classmethod
    def execute_action(cls, objects, **kwargs):
        admin = kwargs["self"].request.user
        return governance.set_status(courses=objects, status=cls.new_status, admin=admin), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d course changed.", "%(count)d courses changed.", num_parent_objects) % {
            "count": num_parent_objects
        }


@hooks.register("register_bulk_action")
class PublishCourses(CourseBulkAction):
    display_name = _("Publish")
    action_type = "publish_courses"
    aria_label = _("Publish the selected courses")
    new_status = Course.Status.PUBLISHED


@hooks.register("register_bulk_action")
class ArchiveCourses(CourseBulkAction):
    display_name = _("Archive")
    action_type = "archive_courses"
    aria_label = _("Archive the selected courses")
    new_status = Course.Status.ARCHIVED


@hooks.register("register_bulk_action")
class RestoreCourses(CourseBulkAction):
    """Restore archived courses: back to published."""

    display_name = _("Restore")
    action_type = "restore_courses"
    aria_label = _("Restore the selected archived courses")
    new_status = Course.Status.PUBLISHED

    def check_perm(self, obj):
        return super().check_perm(obj) and obj.status == Course.Status.ARCHIVED


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(label=_("New visibility"), choices=Course.Visibility.choices)


@hooks.register("register_bulk_action")
class ChangeVisibility(CourseBulkAction):
    display_name = _("Change visibility")
    action_type = "course_visibility"
    aria_label = _("Change the visibility of the selected courses")
    form_class = VisibilityForm

    def get_execution_context(self):
        return {**super().get_execution_context(), "visibility": self.cleaned_form.cleaned_data["visibility"]}

    @classmethod
    def execute_action(cls, objects, visibility="", **kwargs):
        admin = kwargs["self"].request.user
        return governance.set_visibility(courses=objects, visibility=visibility, admin=admin), 0


@hooks.register("before_serve_document")
def serve_lesson_files_only_to_their_readers(document, request):
    """Anonymous visitors are asked to sign in; signed-in people who may not read the file are told it is not there."""
    if lesson_files.may_read(user=request.user, document=document):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404
