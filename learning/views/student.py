"""The student portal (/learn/). Every view is for students, and only for their own enrollments."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import role_required
from core.throttle import throttled
from learning import grading, portal_panels, selectors, services
from learning.forms import MessageForm, ReviewForm
from learning.models import Course, Enrollment, Lesson, MessageThread, Quiz, QuizAttempt
from learning.services import community
from learning.services.quizzes import attempts_used

DASHBOARD_CERTIFICATES = 3


def _enrollment_or_403(request, slug, *, with_review=False):
    enrollment = services.active_enrollment_by_slug(student=request.user, slug=slug, with_review=with_review)
    if enrollment is None:
        get_object_or_404(Course, slug=slug)  # an unknown course is a 404, a course not enrolled in a 403
        raise PermissionDenied(_("You are not enrolled in this course."))
    course = enrollment.course
    if not course.is_open_to_students:
        raise PermissionDenied(_("This course is not open yet."))
    return course, enrollment


def _refusal(request, error: services.LearningError, fallback):
    response = render(request, "learning/refused.html", {"reason": error.message, "back": fallback})
    response.status_code = error.status_code
    return response


@role_required(Role.STUDENT)
def student_home(request):
    """Students: dashboard of their own courses, next milestones, certificates and announcements."""
    dashboard = selectors.student_dashboard(student=request.user)
    certificates = selectors.certificates_of(student=request.user)[:DASHBOARD_CERTIFICATES]
    panels = portal_panels.student_panels(request, place=portal_panels.Place.DASHBOARD)
    return render(
        request,
        "learning/student_home.html",
        {"dashboard": dashboard, "certificates": certificates, "panels": panels},
    )


@role_required(Role.STUDENT)
def course(request, slug):
    """Enrolled students: the outline, with locked lessons and why."""
    course, enrollment = _enrollment_or_403(request, slug, with_review=True)
    outline = selectors.course_outline(course=course, enrollment=enrollment)
    review = getattr(enrollment, "review", None)
    panels = (
        portal_panels.student_panels(request, place=portal_panels.Place.COURSE_COMPLETED, course=course)
        if enrollment.status == Enrollment.Status.COMPLETED
        else []
    )
    return render(
        request,
        "learning/course.html",
        {"course": course, "outline": outline, "enrollment": enrollment, "review": review, "panels": panels},
    )


@role_required(Role.STUDENT)
def lesson(request, slug, lesson_id):
    """Enrolled students: one lesson, when the unlock service opens it; otherwise the reason, with a 403."""
    course, enrollment = _enrollment_or_403(request, slug)
    outline = selectors.course_outline(course=course, enrollment=enrollment)
    entry = outline.entry(lesson_id)
    if entry is None:
        raise Http404(_("This lesson is not part of the course."))
    if not entry.decision.open:
        response = render(
            request, "learning/locked.html", {"course": course, "outline": outline, "entry": entry}, status=403
        )
        return response
    lesson = Lesson.objects.live().get(pk=lesson_id)  # the approved content
    services.start_lesson(
        enrollment=enrollment,
        lesson=lesson,
        already_started=entry.started,
        last_view=(outline.last_lesson_id, outline.last_viewed_at) if outline.last_lesson_id else None,
    )
    previous, following = outline.neighbours(lesson_id)
    return render(
        request,
        "learning/lesson.html",
        {
            "course": course,
            "outline": outline,
            "entry": entry,
            "lesson": lesson,
            "previous": previous,
            "next": following,
            "quiz": entry.quiz,
            "panels": portal_panels.lesson_panels(request, course=course, lesson=lesson),
        },
    )


@require_POST
@role_required(Role.STUDENT)
def complete_lesson(request, slug, lesson_id):
    """Enrolled students: mark an open lesson complete."""
    course, enrollment = _enrollment_or_403(request, slug)
    lesson = get_object_or_404(Lesson.objects.live(), pk=lesson_id, course=course)
    try:
        services.complete_lesson(enrollment=enrollment, lesson=lesson)
    except services.LearningError as error:
        return _refusal(request, error, course_url(course))
    messages.success(request, _("Lesson completed."))
    was_completed = enrollment.status == Enrollment.Status.COMPLETED
    enrollment.refresh_from_db()
    if enrollment.status == Enrollment.Status.COMPLETED and not was_completed:
        messages.success(request, _("You completed the course. Well done!"))
    outline = selectors.course_outline(course=course, enrollment=enrollment)
    _previous, following = outline.neighbours(lesson_id)
    quiz = outline.entry(lesson_id).quiz
    if lesson.quiz_required and quiz and quiz.pk not in outline.progress.passed_quizzes:
        return redirect("learning:quiz", slug=course.slug, quiz_id=quiz.pk)
    if following and following.decision.open:
        return redirect("learning:lesson", slug=course.slug, lesson_id=following.id)
    return redirect("learning:course", slug=course.slug)


@require_POST
@role_required(Role.STUDENT)
def lesson_time(request, slug, lesson_id):
    """Enrolled students: the page's beacon reporting seconds spent reading an open lesson."""
    course, enrollment = _enrollment_or_403(request, slug)
    lesson = get_object_or_404(Lesson.objects.live(), pk=lesson_id, course=course)
    try:
        seconds = int(request.POST.get("seconds", ""))
    except ValueError:
        return JsonResponse({"error": _("seconds must be a whole number")}, status=400)
    services.record_time(enrollment=enrollment, lesson=lesson, seconds=seconds)
    return HttpResponse(status=204)


def course_url(course):
    from django.urls import reverse

    return reverse("learning:course", kwargs={"slug": course.slug})


@role_required(Role.STUDENT)
def quiz(request, slug, quiz_id):
    """Enrolled students: take an open quiz (GET shows it, POST submits one attempt)."""
    course, enrollment = _enrollment_or_403(request, slug)
    quiz = get_object_or_404(Quiz.objects.live(), pk=quiz_id, course=course)
    outline = selectors.course_outline(course=course, enrollment=enrollment)
    decision = outline.outcome.quizzes.get(quiz.pk)
    if request.method == "POST":
        try:
            attempt = services.submit_attempt(enrollment=enrollment, quiz=quiz, data=request.POST)
        except services.LearningError as error:
            return _refusal(request, error, course_url(course))
        except services.MalformedAnswer as error:
            messages.error(request, str(error))
            return _quiz_page(request, course, enrollment, quiz, outline, decision, status=400, error=str(error))
        return redirect("learning:quiz-result", slug=course.slug, quiz_id=quiz.pk, number=attempt.number)
    if decision is None or not decision.open:
        reason = decision.reason if decision else _("This quiz is not part of the course.")
        return render(request, "learning/refused.html", {"reason": reason, "back": course_url(course)}, status=403)
    return _quiz_page(request, course, enrollment, quiz, outline, decision)


def _quiz_page(request, course, enrollment, quiz, outline, decision, status=200, error=""):
    used = attempts_used(enrollment=enrollment, quiz=quiz)
    questions = grading.presentation_order(
        grading.questions_of(quiz), seed=f"{enrollment.pk}:{quiz.pk}:{used + 1}", shuffle=quiz.randomise
    )
    attempts = QuizAttempt.objects.filter(enrollment=enrollment, quiz=quiz).order_by("-number")
    remaining = quiz.attempt_limit - used if quiz.attempt_limit else None
    return render(
        request,
        "learning/quiz.html",
        {
            "course": course,
            "quiz": quiz,
            "questions": questions,
            "attempts": attempts,
            "remaining": remaining,
            "passed": any(a.passed for a in attempts),
            "error": error,
            "locked": decision is None or not decision.open,
        },
        status=status,
    )


@role_required(Role.STUDENT)
def quiz_result(request, slug, quiz_id, number):
    """Enrolled students: the results and feedback of one of their own attempts."""
    course, enrollment = _enrollment_or_403(request, slug)
    attempt = get_object_or_404(QuizAttempt, enrollment=enrollment, quiz_id=quiz_id, number=number)
    quiz = attempt.quiz
    used = attempts_used(enrollment=enrollment, quiz=quiz)
    can_retry = not attempt.passed and (not quiz.attempt_limit or used < quiz.attempt_limit)
    outline = selectors.course_outline(course=course, enrollment=enrollment)
    following = None
    if quiz.lesson_id:
        _prev, following = outline.neighbours(quiz.lesson_id)
    return render(
        request,
        "learning/quiz_result.html",
        {"course": course, "quiz": quiz, "attempt": attempt, "can_retry": can_retry, "next": following},
    )


@role_required(Role.STUDENT)
def review(request, slug):
    """Enrolled students: write or edit their one review of the course."""
    course, enrollment = _enrollment_or_403(request, slug)
    existing = getattr(enrollment, "review", None)
    form = ReviewForm(request.POST or None, instance=existing)
    if request.method == "POST":
        if form.is_valid():
            community.save_review(
                enrollment=enrollment, rating=form.cleaned_data["rating"], body=form.cleaned_data["body"]
            )
            messages.success(request, _("Thank you. Your review will appear once a moderator approves it."))
            return redirect("learning:course", slug=course.slug)
        return render(request, "learning/review.html", {"course": course, "form": form}, status=400)
    return render(request, "learning/review.html", {"course": course, "form": form})


@role_required(Role.STUDENT)
def messages_home(request):
    """Students: their own conversations with their teachers."""
    threads = selectors.threads_for(user=request.user)
    return render(request, "learning/messages.html", {"threads": threads, "portal": "learn"})


def thread_view(request, thread_id, *, portal):
    thread = get_object_or_404(MessageThread.objects.select_related("course", "teacher", "student"), pk=thread_id)
    if request.user.pk not in (thread.teacher_id, thread.student_id):
        raise PermissionDenied(_("This conversation is not yours."))
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                community.send_message(
                    sender=request.user,
                    course=thread.course,
                    teacher=thread.teacher,
                    student=thread.student,
                    body=form.cleaned_data["body"],
                )
            except services.LearningError as error:
                return _refusal(request, error, request.path)
            return redirect(request.path)
        status = 400
    else:
        status = 200
    community.mark_thread_read(thread=thread, reader=request.user)
    return render(
        request,
        "learning/thread.html",
        {
            "thread": thread,
            "other": thread.other_party(request.user),
            "form": form,
            "portal": portal,
            "thread_messages": thread.messages.select_related("sender"),
        },
        status=status,
    )


@role_required(Role.STUDENT)
@throttled("message")
def student_thread(request, thread_id):
    """Students: one of their own conversations."""
    return thread_view(request, thread_id, portal="learn")


@role_required(Role.STUDENT)
@throttled("message")
def message_teacher(request, slug):
    """Enrolled students: start (or continue) a conversation with a teacher of the course."""
    course, _enrollment = _enrollment_or_403(request, slug)
    teachers = list(course.teachers.all())
    form = MessageForm(request.POST or None, teachers=teachers)
    if request.method == "POST":
        if form.is_valid():
            teacher = form.cleaned_data["teacher"]
            try:
                message = community.send_message(
                    sender=request.user,
                    course=course,
                    teacher=teacher,
                    student=request.user,
                    body=form.cleaned_data["body"],
                )
            except services.LearningError as error:
                return _refusal(request, error, course_url(course))
            return redirect("learning:student-thread", thread_id=message.thread_id)
        return render(request, "learning/message_new.html", {"course": course, "form": form}, status=400)
    return render(request, "learning/message_new.html", {"course": course, "form": form})
