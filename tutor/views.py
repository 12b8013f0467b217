"""The tutor in the student portal: a course's conversation, asking (streamed to scripts, a whole answer
otherwise), rating and reporting. Every view is for students, about their own enrollments and answers."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from accounts.permissions import role_required
from core.throttle import too_many, wait_before
from learning.models import Course, Lesson
from learning.services import authoring

from . import panels, rules, selectors, services, themes

STREAM = "application/x-ndjson"


def _wants_stream(request) -> bool:
    return STREAM in request.headers.get("Accept", "")


def _back(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _throttled(request, action: str):
    seconds = wait_before(request, action)
    return None if seconds is None else too_many(request, seconds, as_json=_wants_stream(request))


def _failure(request, error: services.TutorError, back: str):
    if _wants_stream(request):
        return JsonResponse({"error": error.message}, status=error.status_code)
    return render(request, "tutor/unavailable.html", {"reason": error.message, "back": back}, status=error.status_code)


@require_GET
@role_required(Role.STUDENT)
def conversation(request, slug):
    """Enrolled students: their own conversation with the course's tutor."""
    course = get_object_or_404(Course, slug=slug)
    chat = selectors.chat_for(student=request.user, course=course, recent=selectors.FULL_HISTORY)
    if chat is None:
        reason = _("Only students enrolled in this course can ask its tutor.")
        return render(
            request, "tutor/unavailable.html", {"reason": reason, "back": reverse("learning:student-home")}, status=403
        )
    return render(request, "tutor/conversation.html", {"course": course, "chat": chat})


def _fetched(html: str) -> HttpResponse:
    response = HttpResponse(html)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@role_required(Role.STUDENT)
def lesson_panel(request, slug, lesson_id):
    """Enrolled students: the tutor's box beside a lesson with their latest exchanges, fetched once the lesson page
    has loaded. Empty when the tutor is off for the course."""
    course = get_object_or_404(Course, slug=slug)
    lesson = Lesson.objects.live().filter(pk=lesson_id, course=course).first()
    chat = selectors.chat_for(student=request.user, course=course, lesson=lesson) if lesson else None
    if chat is None:
        return HttpResponse(_("Only students enrolled in this course can ask its tutor."), status=403)
    return _fetched(panels.lesson_panel(request, chat=chat) if chat.enabled else "")


@require_GET
@role_required(Role.STUDENT)
def dashboard_panel(request):
    """Students: the tutor's boxes on their own dashboard, one per course they learn in, fetched once the dashboard
    has loaded; the course they last asked about opens with its latest exchanges."""
    return _fetched(panels.dashboard_panel(request))


@require_POST
@role_required(Role.STUDENT)
def ask(request, slug):
    """Enrolled students: ask the course's tutor; the answer streams as NDJSON to `Accept: application/x-ndjson`."""
    course = get_object_or_404(Course, slug=slug)
    back = _back(request, reverse("tutor:conversation", kwargs={"slug": slug}))
    if refusal := _throttled(request, "tutor_question"):
        return refusal
    lesson = None
    if lesson_id := request.POST.get("lesson"):
        if not lesson_id.isdigit() or len(lesson_id) > 18:
            return _failure(request, services.TutorError(_("Unknown lesson.")), back)
        lesson = Lesson.objects.live().filter(pk=int(lesson_id), course=course).first()
        if lesson is None:
            return _failure(request, services.TutorError(_("This lesson is not part of the course.")), back)
    try:
        turn = services.ask(
            student=request.user, course=course, question=request.POST.get("question", ""), lesson=lesson
        )
    except services.TutorError as error:
        return _failure(request, error, back)
    if not _wants_stream(request):
        exchange = turn.answer()
        return redirect(f"{back.split('#')[0]}#tutor-exchange-{exchange.pk}")
    response = StreamingHttpResponse(_stream(request, turn, back), content_type=STREAM)
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # a proxy in front must pass each piece on as it comes
    return response


def _stream(request, turn, back: str):
    pieces = turn.chunks()
    try:
        for piece in pieces:
            yield json.dumps({"text": piece}) + "\n"
    finally:  # closed early when the student leaves: the answer so far is recorded
        pieces.close()
    context = {"exchange": turn.exchange, "next_url": back}
    html = render_to_string("tutor/_exchange.html", context, request=request)
    yield json.dumps({"done": True, "exchange": turn.exchange.pk, "html": html}) + "\n"


def _feedback(request, exchange_id, change):
    if refusal := _throttled(request, "tutor_feedback"):
        return refusal
    back = _back(request, reverse("learning:student-home"))
    try:
        exchange = change()
    except services.TutorError as error:  # 403, not 404: the locale middleware would redirect a 404
        return _failure(request, error, back)
    if _wants_stream(request):
        context = {"exchange": exchange, "next_url": back}
        return JsonResponse({"html": render_to_string("tutor/_exchange.html", context, request=request)})
    messages.success(request, _("Thank you for your feedback."))
    return redirect(f"{back.split('#')[0]}#tutor-exchange-{exchange.pk}")


@require_POST
@role_required(Role.STUDENT)
def rate(request, exchange_id):
    """Students: rate one of their own answers."""
    helpful = request.POST.get("helpful") == "1"
    return _feedback(
        request, exchange_id, lambda: services.rate(student=request.user, exchange_id=exchange_id, helpful=helpful)
    )


@require_POST
@role_required(Role.STUDENT)
def report(request, exchange_id):
    """Students: report one of their own answers as wrong or harmful, for the admins to review."""
    reason = request.POST.get("reason", "")
    return _feedback(
        request, exchange_id, lambda: services.report(student=request.user, exchange_id=exchange_id, reason=reason)
    )


@require_GET
@role_required(Role.TEACHER)
def teacher_themes(request, pk):
    """Teachers of the course: what its students ask the tutor about most, and the lessons drawing questions.
    The questions themselves only when the admin's rules let teachers read conversations."""
    course = get_object_or_404(Course, pk=pk)
    if not authoring.teaches(request.user, course):
        raise PermissionDenied(_("You do not teach this course."))
    context = {
        "course": course,
        "report": themes.themes_for(course_id=course.pk),
        "show_questions": rules.current().teachers_read_conversations,
    }
    return render(request, "tutor/themes.html", context)
