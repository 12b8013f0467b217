"""The tutor in the Wagtail admin (rules under Settings, each course's switch, question themes; usage and cost are
the AI tutor usage report under Reports) and its chat boxes in the student portal."""

from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from core.admin import AdminOnlyMenuItem, is_admin_user
from learning.portal_panels import LESSON_PANELS_HOOK, STUDENT_PANELS_HOOK, TEACHER_COURSE_LINKS_HOOK

from . import admin_views, panels
from .models import CourseTutor


class AdminOnlyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return is_admin_user(user)

    def user_has_any_permission(self, user, actions):
        return is_admin_user(user)


class CourseTutorViewSet(ModelViewSet):
    model = CourseTutor
    name = "tutor_courses"
    icon = "help"
    menu_label = _("Tutor per course")
    add_to_admin_menu = True
    menu_order = 262
    list_display = ["course", "enabled", "tone", "messages_per_day", "tokens_per_day"]
    list_filter = ["enabled"]
    search_fields = ["course__title"]
    form_fields = ["course", "enabled", "tone", "messages_per_day", "tokens_per_day"]
    permission_policy = AdminOnlyPolicy(CourseTutor)


@hooks.register("register_admin_viewset")
def register_course_tutors():
    return CourseTutorViewSet()


@hooks.register("register_admin_urls")
def tutor_admin_urls():
    urls = [
        # The former usage page: its figures are in the AI tutor usage report now (a course chosen stays chosen).
        path("usage/", RedirectView.as_view(pattern_name="tutor_usage_report", query_string=True, permanent=True)),
        path("themes/", admin_views.themes, name="themes"),
    ]
    return [path("tutor/", include((urls, "tutor_admin"), namespace="tutor_admin"))]


@hooks.register("register_admin_menu_item")
def themes_menu_item():
    return AdminOnlyMenuItem(_("Tutor themes"), reverse("tutor_admin:themes"), icon_name="pick", order=264)


@hooks.register(TEACHER_COURSE_LINKS_HOOK)
def themes_link(request, *, course):
    url = reverse("tutor:themes", kwargs={"pk": course.pk})
    return format_html('<a href="{}">{}</a>', url, _("What students ask the tutor"))


@hooks.register(LESSON_PANELS_HOOK)
def lesson_chat(request, *, course, lesson):
    return panels.lesson_placeholder(request, course=course, lesson=lesson)


@hooks.register(STUDENT_PANELS_HOOK)
def dashboard_chats(request, *, place, course=None):
    return panels.dashboard_placeholder(request, place=place, course=course)
