"""The tutor's chat boxes in the student portal: beside each lesson and, per course, on the dashboard.

A portal page only carries a light placeholder, decided from the cached rules without a query; the box itself,
with the student's history, is fetched once the page has loaded (`views.lesson_panel`, `views.dashboard_panel`)
by the loader every fetched panel shares (static/js/site.js), so the tutor adds nothing to the page's own time."""

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from learning.models import Course, Enrollment
from learning.services import ACCESS_STATUSES

from . import rules, selectors


def lesson_placeholder(request, *, course, lesson) -> str:
    if not rules.offered_for(course.pk):
        return ""
    context = {
        "url": reverse("tutor:lesson-panel", kwargs={"slug": course.slug, "lesson_id": lesson.pk}),
        "conversation_url": reverse("tutor:conversation", kwargs={"slug": course.slug}),
        "place": "lesson",
    }
    return render_to_string("tutor/_placeholder.html", context)


def dashboard_placeholder(request, *, place: str, course=None) -> str:
    if place != "dashboard" or not request.user.is_authenticated or not rules.current().enabled:
        return ""
    return render_to_string("tutor/_placeholder.html", {"url": reverse("tutor:dashboard-panel"), "place": place})


def lesson_panel(request, *, chat) -> str:
    next_url = reverse("learning:lesson", kwargs={"slug": chat.course.slug, "lesson_id": chat.lesson.pk})
    context = {"chat": chat, "next_url": next_url, "place": "lesson"}
    return render_to_string("tutor/_chat.html", context, request=request)


def dashboard_panel(request) -> str:
    """The student's courses with the tutor on, the one they last asked about first with its latest exchanges;
    "" when there is none. Two queries."""
    courses = [
        enrollment.course
        for enrollment in Enrollment.objects.filter(
            student=request.user,
            status__in=ACCESS_STATUSES,
            course__status__in=[Course.Status.PUBLISHED, Course.Status.ARCHIVED],
        )
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .select_related("course")
        .order_by("course__title")
    ]
    chats = selectors.dashboard_chats(student=request.user, courses=courses) if courses else []
    if not chats:
        return ""
    context = {"chats": chats, "next_url": reverse("learning:student-home")}
    return render_to_string("tutor/_dashboard.html", context, request=request)
