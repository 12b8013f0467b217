"""The tutor's chat boxes in the student portal: beside each lesson and, per course, on the dashboard."""

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from learning.models import Course, Enrollment
from learning.services import ACCESS_STATUSES

from . import selectors


def lesson_panel(request, *, course, lesson) -> str:
    chat = selectors.chat_for(student=request.user, course=course, lesson=lesson)
    if chat is None or not chat.enabled:
        return ""
    return render_to_string("tutor/_lesson.html", {"chat": chat}, request=request)


def dashboard_panel(request, *, place: str, course=None) -> str:
    if place != "dashboard" or not request.user.is_authenticated:
        return ""
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
    return render_to_string("tutor/_dashboard.html", {"chats": chats}, request=request)
