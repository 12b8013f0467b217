"""The teacher portal (/teach/). Every view is for teachers, and only for the courses they teach."""

import html
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.documents import get_document_model

from accounts.models import Role, User
from accounts.permissions import role_required
from core.throttle import throttled
from learning import lesson_files, portal_panels, selectors
from learning.forms import (
    AnnouncementForm,
    ContentBlockForm,
    CourseEditForm,
    CourseForm,
    LessonForm,
    MessageForm,
    ModuleForm,
    QuestionForm,
    QuizForm,
)
from learning.models import Certificate, ChangeRequest, Course, Enrollment, Lesson, MessageThread, Module, Quiz
from learning.services import LearningError, authoring, certificates, community

from .student import thread_view


def _course(request, pk) -> Course:
    course = get_object_or_404(Course, pk=pk)
    if not authoring.teaches(request.user, course):
        raise PermissionDenied(_("You do not teach this course."))
    return course


def _content(request, model, pk):
    obj = get_object_or_404(model.objects.select_related("course", "latest_revision"), pk=pk)
    if not authoring.teaches(request.user, obj.course):
        raise PermissionDenied(_("You do not teach this course."))
    return obj


def _builder(course) -> str:
    return reverse("learning:builder", kwargs={"pk": course.pk})


def _saved(request, course):
    if authoring.can_publish(request.user):
        messages.success(request, _("Saved and published."))
    else:
        messages.success(request, _("Saved as a draft. Submit the course for review when you are ready."))


@role_required(Role.TEACHER)
def teacher_home(request):
    """Teachers: the courses they teach, with students, status and pending reviews."""
    courses = list(selectors.courses_taught(teacher=request.user))
    return render(
        request,
        "learning/teacher_home.html",
        {
            "courses": courses,
            "can_create": authoring.can_create_courses(request.user),
            "unread": selectors.unread_message_count(user=request.user),
        },
    )


@role_required(Role.TEACHER)
def course_create(request):
    """Teachers allowed to create courses: a new draft course they teach."""
    if not authoring.can_create_courses(request.user):
        raise PermissionDenied(_("Your teacher profile does not allow creating courses; ask an admin."))
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = authoring.create_course(teacher=request.user, **form.cleaned_data)
        messages.success(request, _("Course created. Add its first module."))
        return redirect(_builder(course))
    return render(
        request, "learning/teach/course_form.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


@role_required(Role.TEACHER)
def course_edit(request, pk):
    """Teachers of the course: its description while it is still a draft (admins edit it afterwards)."""
    course = _course(request, pk)
    if course.status != Course.Status.DRAFT:
        raise PermissionDenied(_("Only draft courses can be edited here; ask an admin to change a published course."))
    form = CourseEditForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Course details saved."))
        return redirect(_builder(course))
    return render(
        request,
        "learning/teach/course_form.html",
        {"form": form, "course": course},
        status=400 if request.method == "POST" else 200,
    )


def _draft_tree(course):
    """The course as the teacher is building it: latest versions, removed items left out."""
    modules = [authoring.draft_of(m) for m in course.modules.select_related("latest_revision")]
    lessons = [authoring.draft_of(x) for x in course.lessons.select_related("latest_revision")]
    quizzes = [authoring.draft_of(q) for q in course.quizzes.select_related("latest_revision")]
    quiz_by_lesson = {q.lesson_id: q for q in quizzes if q.lesson_id and not q.retired}
    quiz_by_module = {q.module_id: q for q in quizzes if q.module_id and not q.retired}
    tree = []
    for module in sorted((m for m in modules if not m.retired), key=lambda m: (m.sort_order, m.pk)):
        module_lessons = sorted(
            (x for x in lessons if x.module_id == module.pk and not x.retired), key=lambda x: (x.sort_order, x.pk)
        )
        tree.append(
            {
                "module": module,
                "quiz": quiz_by_module.get(module.pk),
                "lessons": [{"lesson": x, "quiz": quiz_by_lesson.get(x.pk)} for x in module_lessons],
            }
        )
    return tree


@role_required(Role.TEACHER)
def builder(request, pk):
    """Teachers of the course: modules, lessons and quizzes, what is live and what waits for approval."""
    course = _course(request, pk)
    pending = ChangeRequest.objects.filter(course=course, status=ChangeRequest.Status.PENDING).first()
    last_decision = (
        ChangeRequest.objects.filter(course=course)
        .exclude(status=ChangeRequest.Status.PENDING)
        .order_by("-decided_at")
        .first()
    )
    return render(
        request,
        "learning/teach/builder.html",
        {
            "course": course,
            "tree": _draft_tree(course),
            "pending": pending,
            "last_decision": last_decision,
            "unsubmitted": authoring.pending_items(course=course),
            "can_publish": authoring.can_publish(request.user),
            "module_form": ModuleForm(),
            "links": portal_panels.teacher_course_links(request, course=course),
        },
    )


@require_POST
@role_required(Role.TEACHER)
def submit(request, pk):
    """Teachers of the course: send the changes for approval (or publish them, with the right to)."""
    course = _course(request, pk)
    try:
        result = authoring.submit_for_review(course=course, teacher=request.user, note=request.POST.get("note", ""))
    except LearningError as error:
        messages.error(request, error.message)
        return redirect(_builder(course))
    if result is None:
        messages.success(request, _("Published: students see the course as it is now."))
    else:
        messages.success(request, _("Submitted for review. An admin will approve it or ask for changes."))
    return redirect(_builder(course))


@role_required(Role.TEACHER)
def module_form(request, pk=None, course_pk=None):
    """Teachers of the course: add or edit a module."""
    if pk:
        module = _content(request, Module, pk)
        course, instance = module.course, authoring.draft_of(module)
    else:
        course, instance = _course(request, course_pk), None
    form = ModuleForm(request.POST or None, instance=instance, self_paced=course.has_self_paced_lessons)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if obj.pk is None:
            obj.course = course
            obj.sort_order = course.modules.count()
        try:
            authoring.save_content(obj=obj, user=request.user)
        except ValidationError as error:  # the model's own rules (e.g. a drip module without a date)
            form.add_error(None, error)
        else:
            _saved(request, course)
            return redirect(_builder(course))
    return render(
        request,
        "learning/teach/module_form.html",
        {"form": form, "course": course, "module": instance},
        status=400 if request.method == "POST" else 200,
    )


@role_required(Role.TEACHER)
def lesson_create(request, module_pk):
    """Teachers of the course: add a lesson to a module."""
    module = _content(request, Module, module_pk)
    course = module.course
    form = LessonForm(request.POST or None, self_paced=course.has_self_paced_lessons)
    if request.method == "POST" and form.is_valid():
        lesson = form.save(commit=False)
        lesson.module, lesson.course = module, course
        lesson.sort_order = Lesson.objects.filter(module=module).count()
        authoring.save_content(obj=lesson, user=request.user)
        _saved(request, course)
        return redirect("learning:lesson-edit", pk=lesson.pk)
    return render(
        request,
        "learning/teach/lesson_create.html",
        {"form": form, "course": course, "module": module},
        status=400 if request.method == "POST" else 200,
    )


@role_required(Role.TEACHER)
def lesson_edit(request, pk):
    """Teachers of the course: a lesson's settings and content blocks (latest version)."""
    lesson = _content(request, Lesson, pk)
    course = lesson.course
    draft = authoring.draft_of(lesson)
    form = LessonForm(request.POST or None, instance=draft, self_paced=course.has_self_paced_lessons)
    if request.method == "POST" and form.is_valid():
        authoring.save_content(obj=form.save(commit=False), user=request.user)
        _saved(request, course)
        return redirect("learning:lesson-edit", pk=lesson.pk)
    quiz = Quiz.objects.filter(lesson=lesson).first()
    return render(
        request,
        "learning/teach/lesson_edit.html",
        {
            "form": form,
            "course": course,
            "lesson": draft,
            "blocks": draft.body.raw_data,
            "block_form": ContentBlockForm(auto_id="block_%s"),  # its fields share names with the lesson form
            "quiz": quiz and authoring.draft_of(quiz),
        },
        status=400 if request.method == "POST" else 200,
    )


def _paragraphs(text: str) -> str:
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in parts)


def _upload(request, file, title):
    document = get_document_model()(
        title=title or file.name,
        file=file,
        uploaded_by_user=request.user,
        collection=lesson_files.lesson_files_collection(),
    )
    document.save()
    return document.pk


def _block_value(request, data, block=None):
    kind, title = data["kind"], data.get("title", "")
    previous = (block or {}).get("value", {})
    if kind == "text":
        return _paragraphs(data["text"])
    if kind == "video":
        captions = _upload(request, data["file"], title) if data.get("file") else previous.get("captions")
        return {
            "title": title,
            "url": data["url"],
            "captions": captions,
            "captions_language": data.get("captions_language", ""),
        }
    if kind == "audio":
        return {"title": title, "file": _upload(request, data["file"], title), "transcript": data.get("text", "")}
    if kind == "download":
        return {"title": title, "document": _upload(request, data["file"], title)}
    return {"title": title, "entries": data["entries"]}


@role_required(Role.TEACHER)
def lesson_block(request, pk, block_id=None):
    """Teachers of the course: add, edit (POST with block_id), move or remove one content block."""
    lesson = _content(request, Lesson, pk)
    draft = authoring.draft_of(lesson)
    blocks = list(draft.body.raw_data)
    index = next((i for i, b in enumerate(blocks) if b["id"] == block_id), None)
    if block_id and index is None:
        messages.error(request, _("That block no longer exists."))
        return redirect("learning:lesson-edit", pk=lesson.pk)
    if request.method != "POST":
        return redirect("learning:lesson-edit", pk=lesson.pk)
    action = request.POST.get("action", "save")
    if action in ("up", "down", "remove") and index is not None:
        if action == "remove":
            blocks.pop(index)
        else:
            other = index - 1 if action == "up" else index + 1
            if 0 <= other < len(blocks):
                blocks[index], blocks[other] = blocks[other], blocks[index]
    else:
        form = ContentBlockForm(request.POST, request.FILES, auto_id="block_%s")
        if not form.is_valid():
            return render(
                request,
                "learning/teach/lesson_edit.html",
                {
                    "form": LessonForm(instance=draft, self_paced=lesson.course.has_self_paced_lessons),
                    "course": lesson.course,
                    "lesson": draft,
                    "blocks": blocks,
                    "block_form": form,
                },
                status=400,
            )
        data = form.cleaned_data
        block = {
            "type": data["kind"],
            "value": _block_value(request, data, blocks[index] if index is not None else None),
            "id": block_id or str(uuid.uuid4()),
        }
        if index is None:
            blocks.append(block)
        else:
            blocks[index] = block
    draft.body = blocks
    authoring.save_content(obj=draft, user=request.user)
    _saved(request, lesson.course)
    return redirect("learning:lesson-edit", pk=lesson.pk)


@require_POST
@role_required(Role.TEACHER)
def move(request, kind, pk):
    """Teachers of the course: move a module or a lesson up or down."""
    model = {"module": Module, "lesson": Lesson}.get(kind)
    if model is None:
        raise PermissionDenied(_("Only modules and lessons can be moved."))
    obj = _content(request, model, pk)
    authoring.move(obj=obj, user=request.user, up=request.POST.get("direction") == "up")
    _saved(request, obj.course)
    return redirect(_builder(obj.course))


@require_POST
@role_required(Role.TEACHER)
def remove(request, kind, pk):
    """Teachers of the course: remove a module, lesson or quiz (approved content: after approval)."""
    model = authoring.CONTENT_MODELS.get(kind)
    if model is None:
        raise PermissionDenied(_("Unknown kind of content."))
    obj = _content(request, model, pk)
    authoring.remove_content(obj=obj, user=request.user)
    messages.success(
        request,
        _("Removed.") if authoring.can_publish(request.user) else _("Removal saved; it takes effect once approved."),
    )
    return redirect(_builder(obj.course))


@role_required(Role.TEACHER)
def quiz_settings(request, owner, pk):
    """Teachers of the course: create the quiz of a lesson or module, or edit its settings."""
    model = {"lesson": Lesson, "module": Module}.get(owner)
    if model is None:
        raise PermissionDenied(_("A quiz belongs to a lesson or a module."))
    parent = _content(request, model, pk)
    existing = Quiz.objects.filter(**{owner: parent}).first()
    draft = authoring.draft_of(existing) if existing else None
    form = QuizForm(request.POST or None, instance=draft, initial={"title": parent.title})
    if request.method == "POST" and form.is_valid():
        quiz = form.save(commit=False)
        if quiz.pk is None:
            setattr(quiz, owner, parent)
            quiz.course = parent.course
        quiz.retired = False
        authoring.save_content(obj=quiz, user=request.user)
        _saved(request, parent.course)
        return redirect("learning:quiz-edit", pk=quiz.pk)
    return render(
        request,
        "learning/teach/quiz_settings.html",
        {"form": form, "course": parent.course, "parent": parent},
        status=400 if request.method == "POST" else 200,
    )


@role_required(Role.TEACHER)
def quiz_edit(request, pk):
    """Teachers of the course: a quiz's questions (latest version): add, edit, move, remove."""
    quiz = _content(request, Quiz, pk)
    draft = authoring.draft_of(quiz)
    blocks = list(draft.questions.raw_data)
    edit_id = request.GET.get("question") or request.POST.get("question_id")
    index = next((i for i, b in enumerate(blocks) if b["id"] == edit_id), None)
    form = QuestionForm(initial=QuestionForm.initial_from(blocks[index]) if index is not None else None)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action in ("up", "down", "remove"):
            if index is None:
                messages.error(request, _("That question no longer exists."))
                return redirect("learning:quiz-edit", pk=quiz.pk)
            if action == "remove":
                blocks.pop(index)
            else:
                other = index - 1 if action == "up" else index + 1
                if 0 <= other < len(blocks):
                    blocks[index], blocks[other] = blocks[other], blocks[index]
        else:
            form = QuestionForm(request.POST)
            if not form.is_valid():
                status = 400
            else:
                block = {
                    "type": form.cleaned_data["kind"],
                    "value": form.cleaned_data["value"],
                    "id": edit_id if index is not None else str(uuid.uuid4()),
                }
                if index is None:
                    blocks.append(block)
                else:
                    blocks[index] = block
        if status == 200:
            draft.questions = blocks
            authoring.save_content(obj=draft, user=request.user)
            _saved(request, quiz.course)
            return redirect("learning:quiz-edit", pk=quiz.pk)
    return render(
        request,
        "learning/teach/quiz_edit.html",
        {
            "quiz": draft,
            "course": quiz.course,
            "questions": blocks,
            "form": form,
            "editing": edit_id if index is not None else None,
        },
        status=status,
    )


@role_required(Role.TEACHER)
def students(request, pk):
    """Teachers of the course: its students with progress, quiz results and certificates."""
    course = _course(request, pk)
    rows = selectors.course_students(course=course)
    issued = {c.enrollment_id: c for c in Certificate.objects.filter(enrollment__course=course)}
    return render(
        request,
        "learning/teach/students.html",
        {
            "course": course,
            "rows": [(row, issued.get(row.enrollment.pk)) for row in rows],
            "can_issue": certificates.can_issue(teacher=request.user, course=course),
        },
    )


@require_POST
@role_required(Role.TEACHER)
def teacher_issue(request, pk, student_id):
    """Teachers of the course whose profile allows it: issue a student's certificate from the progress page."""
    course = _course(request, pk)
    enrollment = get_object_or_404(Enrollment, course=course, student_id=student_id)
    try:
        certificate = certificates.issue_by_teacher(teacher=request.user, enrollment=enrollment)
    except LearningError as error:
        if error.status_code == 403:
            raise PermissionDenied(error.message) from error
        messages.error(request, error.message)
        return redirect("learning:students", pk=course.pk)
    messages.success(request, _("Certificate issued to %(name)s.") % {"name": certificate.holder_name})
    return redirect("learning:students", pk=course.pk)


@role_required(Role.TEACHER)
@throttled("announcement")
def announcements(request, pk):
    """Teachers of the course: post an announcement to its enrolled students."""
    course = _course(request, pk)
    form = AnnouncementForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                community.post_announcement(course=course, author=request.user, **form.cleaned_data)
            except LearningError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Announcement sent to the course's students."))
                return redirect("learning:announcements", pk=course.pk)
        status = 400
    return render(
        request,
        "learning/teach/announcements.html",
        {"course": course, "form": form, "items": course.announcements.select_related("author")},
        status=status,
    )


@role_required(Role.TEACHER)
def teacher_messages(request):
    """Teachers: their own conversations with students."""
    return render(
        request, "learning/messages.html", {"threads": selectors.threads_for(user=request.user), "portal": "teach"}
    )


@role_required(Role.TEACHER)
@throttled("message")
def teacher_thread(request, thread_id):
    """Teachers: one of their own conversations."""
    return thread_view(request, thread_id, portal="teach")


@role_required(Role.TEACHER)
@throttled("message")
def message_student(request, pk, student_id):
    """Teachers of the course: write to one of its enrolled students."""
    course = _course(request, pk)
    student = get_object_or_404(User, pk=student_id)
    if not Enrollment.objects.filter(course=course, student=student).exists():
        raise PermissionDenied(_("This person is not a student of this course."))
    thread = MessageThread.objects.filter(course=course, teacher=request.user, student=student).first()
    if thread:
        return redirect("learning:teacher-thread", thread_id=thread.pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = community.send_message(
                sender=request.user,
                course=course,
                teacher=request.user,
                student=student,
                body=form.cleaned_data["body"],
            )
        except LearningError as error:
            messages.error(request, error.message)
            return redirect("learning:students", pk=course.pk)
        return redirect("learning:teacher-thread", thread_id=message.thread_id)
    return render(
        request,
        "learning/message_new.html",
        {"course": course, "form": form, "recipient": student},
        status=400 if request.method == "POST" else 200,
    )


def _preview_object(request, model, pk):
    """The draft (or, with ?revision=, one submitted revision) for the course's teachers and for admins."""
    obj = get_object_or_404(model.objects.select_related("course", "latest_revision"), pk=pk)
    if not (request.user.has_role(Role.ADMIN) or authoring.teaches(request.user, obj.course)):
        raise PermissionDenied(_("You do not teach this course."))
    revision_id = request.GET.get("revision", "")
    if revision_id:
        revision = obj.revisions.filter(pk=revision_id).first() if revision_id.isdigit() else None
        if revision is None:
            raise PermissionDenied(_("That version does not belong to this item."))
        return obj, revision.as_object()
    return obj, authoring.draft_of(obj)


@role_required(Role.TEACHER, Role.ADMIN)
def lesson_preview(request, pk):
    """Teachers of the course and admins: a lesson as students will see it once approved."""
    lesson, version = _preview_object(request, Lesson, pk)
    return render(request, "learning/teach/lesson_preview.html", {"course": lesson.course, "lesson": version})


@role_required(Role.TEACHER, Role.ADMIN)
def quiz_preview(request, pk):
    """Teachers of the course and admins: a quiz's questions with the right answers and feedback."""
    from learning import grading

    quiz, version = _preview_object(request, Quiz, pk)
    questions = [{"id": b["id"], "type": b["type"], **b["value"]} for b in version.questions.raw_data]
    for question in questions:
        for key in ("choices", "accepted", "pairs", "items"):
            if key in question:
                question[key] = grading.items(question[key])
    return render(
        request, "learning/teach/quiz_preview.html", {"course": quiz.course, "quiz": version, "questions": questions}
    )
