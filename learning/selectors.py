"""Reading learning data: course outlines with unlock decisions, dashboards, ratings, teachers' views.

Each selector runs a fixed number of queries whatever the number of lessons or courses.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.core.cache import caches
from django.db.models import Avg, BooleanField, Count, DateTimeField, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import unlock
from .models import (
    Announcement,
    Certificate,
    Course,
    Enrollment,
    Lesson,
    LessonLock,
    LessonProgress,
    Message,
    MessageThread,
    Module,
    Quiz,
    QuizAttempt,
    Review,
)
from .outline_cache import CACHE_ALIAS, LessonRow, course_contents
from .outline_cache import TIMEOUT as OUTLINE_TIMEOUT

NEVER = datetime.max.replace(tzinfo=UTC)


@dataclass
class OutlineLesson:
    lesson: LessonRow
    decision: unlock.Decision
    started: bool = False
    completed: bool = False
    quiz: Quiz | None = None
    url: str = ""
    quiz_url: str = ""

    @property
    def id(self) -> int:
        return self.lesson.id


@dataclass
class OutlineModule:
    module: Module
    lessons: list[OutlineLesson]
    quiz: Quiz | None = None
    quiz_decision: unlock.Decision | None = None
    quiz_passed: bool = False
    quiz_url: str = ""


@dataclass
class Outline:
    course: Course
    enrollment: Enrollment | None
    modules: list[OutlineModule]
    outcome: unlock.Outcome
    progress: unlock.Progress
    last_lesson_id: int | None = None
    last_viewed_at: datetime | None = None
    quiz_by_id: dict[int, Quiz] = field(default_factory=dict)

    @cached_property
    def lessons(self) -> list[OutlineLesson]:
        return [lesson for module in self.modules for lesson in module.lessons]

    @cached_property
    def _by_id(self) -> dict[int, OutlineLesson]:
        return {entry.id: entry for entry in self.lessons}

    def entry(self, lesson_id: int) -> OutlineLesson | None:
        return self._by_id.get(lesson_id)

    def neighbours(self, lesson_id: int) -> tuple[OutlineLesson | None, OutlineLesson | None]:
        flat = self.lessons
        for index, entry in enumerate(flat):
            if entry.id == lesson_id:
                return (flat[index - 1] if index else None, flat[index + 1] if index + 1 < len(flat) else None)
        return None, None

    @cached_property
    def percent_complete(self) -> int:
        required = [entry for entry in self.lessons if entry.lesson.is_required]
        if not required:
            return 100 if self.enrollment and self.enrollment.status == Enrollment.Status.COMPLETED else 0
        done = sum(1 for entry in required if entry.completed)
        return int(Decimal(done * 100 / len(required)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))

    @cached_property
    def continue_lesson(self) -> OutlineLesson | None:
        """Where the student left off, or the first open lesson not yet completed."""
        if self.last_lesson_id:
            entry = self.entry(self.last_lesson_id)
            if entry and entry.decision.open and not entry.completed:
                return entry
        return next((e for e in self.lessons if e.decision.open and not e.completed), None)

    @property
    def next_milestone(self) -> unlock.Milestone | None:
        return self.outcome.next_milestone


def module_opens_at(module: Module, enrollment: Enrollment | None):
    candidates = []
    if module.available_from:
        candidates.append(module.available_from)
    if module.days_after_enrollment is not None and enrollment is not None:
        try:
            candidates.append(enrollment.enrolled_at + timedelta(days=module.days_after_enrollment))
        except OverflowError:  # a delay past the calendar's end: the module never opens, the outline still shows
            return NEVER
    return max(candidates) if candidates else None


def course_outlines(*, courses: list[Course], enrollments: dict[int, Enrollment], now=None) -> dict[int, Outline]:
    """Outlines of the approved content of `courses`, with decisions for the enrollment (by course id) if any.

    Two queries for any number of courses and lessons, and four more for courses whose content changed.
    """
    now = now or timezone.now()
    contents = course_contents(courses)
    enrollment_ids = [e.pk for e in enrollments.values()]
    completed, started, last_viewed, passed = defaultdict(set), defaultdict(set), {}, defaultdict(set)
    for enrollment_id, item_id, completed_at, viewed_at, is_quiz in _progress_rows(enrollment_ids):
        if is_quiz:
            passed[enrollment_id].add(item_id)
            continue
        started[enrollment_id].add(item_id)
        if completed_at:
            completed[enrollment_id].add(item_id)
        if enrollment_id not in last_viewed or viewed_at > last_viewed[enrollment_id][1]:
            last_viewed[enrollment_id] = (item_id, viewed_at)

    outlines = {}
    for course in courses:
        content = contents[course.pk]
        modules, lessons_by_module = content.modules, content.lessons_by_module
        quiz_by_lesson = {q.lesson_id: q for q in content.quizzes if q.lesson_id}
        quiz_by_module = {q.module_id: q for q in content.quizzes if q.module_id}
        enrollment = enrollments.get(course.pk)
        eid = enrollment.pk if enrollment else None
        progress = unlock.Progress(frozenset(completed.get(eid, ())), frozenset(passed.get(eid, ())))
        nodes = []
        for module in modules:
            module_quiz = quiz_by_module.get(module.pk)
            lesson_nodes = []
            for lesson in lessons_by_module.get(module.pk, []):
                quiz = quiz_by_lesson.get(lesson.pk) if lesson.quiz_required else None
                lesson_nodes.append(
                    unlock.LessonNode(
                        lesson.pk,
                        lesson.title,
                        lesson.is_required,
                        lesson.must_complete,
                        quiz.pk if quiz else None,
                        quiz.title if quiz else "",
                    )
                )
            required_quiz = module_quiz if module_quiz and module_quiz.required else None
            nodes.append(
                unlock.ModuleNode(
                    module.pk,
                    module.title,
                    tuple(lesson_nodes),
                    module.unlock_rule,
                    module_opens_at(module, enrollment),
                    required_quiz.pk if required_quiz else None,
                    required_quiz.title if required_quiz else "",
                )
            )
        global_reason = next(
            (lock["reason"] for lock in content.locks if not lock["course_id"] and not lock["lesson_id"]), ""
        )
        course_lock = next((lock["reason"] for lock in content.locks if lock["course_id"] == course.pk), "")
        lesson_locks = {
            lock["lesson_id"]: lock["reason"] for lock in content.locks if lock["lesson__course_id"] == course.pk
        }
        outcome = unlock.evaluate(
            modules=nodes,
            progress=progress,
            now=now,
            self_paced=course.has_self_paced_lessons,
            locks=unlock.Locks(global_reason, course_lock, lesson_locks),
        )
        # Reversed once per course: 200 `{% url %}` tags cost more than the rest of the page.
        lesson_prefix = reverse("learning:lesson", kwargs={"slug": course.slug, "lesson_id": 0})[:-2]
        quiz_prefix = reverse("learning:quiz", kwargs={"slug": course.slug, "quiz_id": 0})[:-2]
        # Quizzes that are not milestones still follow their lesson's (or module's last lesson's) decision.
        outline_modules = []
        for module in modules:
            entries = []
            for lesson in lessons_by_module.get(module.pk, []):
                decision = outcome.lessons[lesson.pk]
                quiz = quiz_by_lesson.get(lesson.pk)
                if quiz:
                    outcome.quizzes.setdefault(quiz.pk, decision)
                entries.append(
                    OutlineLesson(
                        lesson,
                        decision,
                        lesson.pk in started.get(eid, ()),
                        lesson.pk in progress.completed_lessons,
                        quiz,
                        f"{lesson_prefix}{lesson.pk}/",
                        f"{quiz_prefix}{quiz.pk}/" if quiz else "",
                    )
                )
            module_quiz = quiz_by_module.get(module.pk)
            quiz_decision = None
            if module_quiz:
                fallback = entries[-1].decision if entries else unlock.OPEN
                quiz_decision = outcome.quizzes.setdefault(module_quiz.pk, fallback)
            outline_modules.append(
                OutlineModule(
                    module,
                    entries,
                    module_quiz,
                    quiz_decision,
                    bool(module_quiz and module_quiz.pk in progress.passed_quizzes),
                    f"{quiz_prefix}{module_quiz.pk}/" if module_quiz else "",
                )
            )
        outlines[course.pk] = Outline(
            course,
            enrollment,
            outline_modules,
            outcome,
            progress,
            *last_viewed.get(eid, (None, None)),
            {q.pk: q for q in content.quizzes},
        )
    return outlines


def _progress_rows(enrollment_ids: list[int]):
    """(enrollment, lesson, completed at, last viewed, False) for each lesson started and (enrollment, quiz, None,
    None, True) for each quiz passed: both in one round trip, which every portal page makes."""
    lessons = LessonProgress.objects.filter(enrollment_id__in=enrollment_ids).values_list(
        "enrollment_id", "lesson_id", "completed_at", "last_viewed_at", Value(False, output_field=BooleanField())
    )
    quizzes = (
        QuizAttempt.objects.filter(enrollment_id__in=enrollment_ids, passed=True)
        .values_list(
            "enrollment_id",
            "quiz_id",
            Value(None, output_field=DateTimeField()),
            Value(None, output_field=DateTimeField()),
            Value(True, output_field=BooleanField()),
        )
        .order_by()
    )
    return lessons.order_by().union(quizzes, all=True)


def course_outline(*, course: Course, enrollment: Enrollment | None = None, now=None) -> Outline:
    return course_outlines(courses=[course], enrollments={course.pk: enrollment} if enrollment else {}, now=now)[
        course.pk
    ]


def reason_locked(*, enrollment: Enrollment, lesson: Lesson) -> str:
    """Why `lesson` is closed to this enrollment's student ("" when it is open)."""
    decision = course_outline(course=enrollment.course, enrollment=enrollment).outcome.lessons.get(lesson.pk)
    if decision is None:
        return _("This lesson is not part of the course's approved content.")
    return decision.reason


@dataclass(frozen=True, slots=True)
class ProgressSummary:
    """What a dashboard shows of an enrollment's outline, kept until its progress or content changes or a module
    opens (`valid_until`)."""

    percent_complete: int
    next_milestone: str  # its title; empty when none is left
    continue_lesson_id: int | None
    continue_lesson_title: str
    last_viewed_at: datetime | None
    valid_until: datetime


def _summary_key(enrollment: Enrollment) -> str:
    course = enrollment.course
    return (
        f"summary:{enrollment.pk}:{enrollment.progress_version}:{course.content_version}:{course.course_type}:"
        f"{enrollment.status}:{enrollment.enrolled_at.timestamp()}"
    )


def progress_summaries(*, enrollments: list[Enrollment], now=None) -> dict[int, ProgressSummary]:
    """Each enrollment's progress summary, by course id: one read of this process's memory, and the outlines
    (two queries) only for enrollments whose progress or content changed since their summary was kept.

    The key carries everything an outline depends on but the time: the enrollment's progress version (moved by the
    progress services in the transaction of each change), the course's content version, type and the enrollment's
    status and start. A summary is used only before the first module it saw closed opens."""
    now = now or timezone.now()
    cache = caches[CACHE_ALIAS]
    keys = {enrollment.course_id: _summary_key(enrollment) for enrollment in enrollments}
    found = cache.get_many(list(keys.values()))
    summaries = {
        course_id: found[key] for course_id, key in keys.items() if key in found and now < found[key].valid_until
    }
    stale = [enrollment for enrollment in enrollments if enrollment.course_id not in summaries]
    if stale:
        outlines = course_outlines(
            courses=[e.course for e in stale], enrollments={e.course_id: e for e in stale}, now=now
        )
        fresh = {e.course_id: _summarize(outlines[e.course_id], now) for e in stale}
        cache.set_many({keys[course_id]: summary for course_id, summary in fresh.items()}, OUTLINE_TIMEOUT)
        summaries.update(fresh)
    return summaries


def _summarize(outline: Outline, now) -> ProgressSummary:
    opening = (module_opens_at(m.module, outline.enrollment) for m in outline.modules)
    entry = outline.continue_lesson
    milestone = outline.next_milestone
    return ProgressSummary(
        outline.percent_complete,
        milestone.title if milestone else "",
        entry.id if entry else None,
        entry.lesson.title if entry else "",
        outline.last_viewed_at,
        min((at for at in opening if at and at > now), default=NEVER),
    )


@dataclass
class DashboardCourse:
    enrollment: Enrollment
    progress: ProgressSummary


@dataclass
class Dashboard:
    courses: list[DashboardCourse]
    announcements: list[Announcement]
    unread_messages: int
    continue_entry: DashboardCourse | None  # where the student left off, or the first open lesson


# What a dashboard shows of an announcement and its author (`User.name`), not their whole rows.
ANNOUNCEMENT_FIELDS = (
    "title",
    "body",
    "created_at",
    "course_id",
    "author__display_name",
    "author__first_name",
    "author__last_name",
    "author__email",
)


def student_dashboard(*, student, now=None) -> Dashboard:
    """The student's courses with progress, next milestone and announcements; bounded query count."""
    now = now or timezone.now()
    enrollments = list(
        Enrollment.objects.filter(student=student, status__in=[Enrollment.Status.ACTIVE, Enrollment.Status.COMPLETED])
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .select_related("course")
        .order_by("-enrolled_at")
    )
    open_enrollments = [e for e in enrollments if e.course.is_open_to_students]
    summaries = progress_summaries(enrollments=open_enrollments, now=now) if open_enrollments else {}
    cards = [DashboardCourse(e, summaries[e.course_id]) for e in open_enrollments]
    courses_by_pk = {e.course_id: e.course for e in open_enrollments}
    announcements = list(
        Announcement.objects.filter(course_id__in=courses_by_pk)
        .select_related("author")
        .only(*ANNOUNCEMENT_FIELDS)
        .order_by("-created_at")[:5]
    )
    for announcement in announcements:
        announcement.course = courses_by_pk[announcement.course_id]  # already read with the enrollments
    # The course viewed last comes first.
    viewed = [card for card in cards if card.progress.last_viewed_at]
    recent = max(viewed, key=lambda card: card.progress.last_viewed_at, default=None)
    ordered = sorted(cards, key=lambda card: card is not recent)
    continue_entry = next((card for card in ordered if card.progress.continue_lesson_id), None)
    return Dashboard(cards, announcements, unread_message_count(user=student), continue_entry)


@dataclass(frozen=True)
class RatingSummary:
    average: Decimal | None
    count: int


def rating_summaries(*, course_ids) -> dict[int, RatingSummary]:
    """Average rating (one decimal) and count of approved reviews per course; one query."""
    course_ids = list(course_ids)
    summaries = {pk: RatingSummary(None, 0) for pk in course_ids}
    rows = (
        Review.objects.filter(course_id__in=course_ids, status=Review.Status.APPROVED)
        .values("course_id")
        .annotate(average=Avg("rating"), count=Count("pk"))
        .order_by()
    )
    for row in rows:
        average = Decimal(str(row["average"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        summaries[row["course_id"]] = RatingSummary(average, row["count"])
    return summaries


def approved_reviews(*, course: Course, limit: int = 20):
    return (
        Review.objects.filter(course=course, status=Review.Status.APPROVED)
        .select_related("enrollment__student")
        .order_by("-updated_at")[:limit]
    )


def unread_message_count(*, user) -> int:
    return (
        Message.objects.filter(Q(thread__teacher=user) | Q(thread__student=user), read_at__isnull=True)
        .exclude(sender=user)
        .count()
    )


def threads_for(*, user):
    """The user's message threads, newest first, each with its unread count for this user."""
    return (
        MessageThread.objects.filter(Q(teacher=user) | Q(student=user))
        .select_related("course", "teacher", "student")
        .annotate(unread=Count("messages", filter=Q(messages__read_at__isnull=True) & ~Q(messages__sender=user)))
        .order_by("-last_message_at", "-created_at")
    )


def courses_taught(*, teacher):
    return (
        Course.objects.filter(teachers=teacher)
        .annotate(
            student_count=Count("enrollments", filter=Q(enrollments__status__in=["active", "completed"]), distinct=True)
        )
        .order_by("title")
    )


@dataclass
class StudentProgressRow:
    enrollment: Enrollment
    completed_lessons: int
    total_lessons: int
    time_spent_seconds: int
    last_seen: object
    quiz_results: list[dict]

    @property
    def percent(self) -> int:
        return round(self.completed_lessons * 100 / self.total_lessons) if self.total_lessons else 0


@dataclass(frozen=True)
class CourseProgress:
    completed_lessons: int
    total_lessons: int

    @property
    def percent(self) -> int:
        return round(self.completed_lessons * 100 / self.total_lessons) if self.total_lessons else 0


def course_progress(*, student, course: Course) -> CourseProgress:
    """How far `student` is through the live lessons of `course` (refund policies read this); two queries."""
    live_lessons = Lesson.objects.live().filter(course=course, module__live=True, module__retired=False)
    completed = LessonProgress.objects.filter(
        enrollment__student=student,
        enrollment__course=course,
        completed_at__isnull=False,
        lesson__in=live_lessons,
    ).count()
    return CourseProgress(completed_lessons=completed, total_lessons=live_lessons.count())


def course_students(*, course: Course) -> list[StudentProgressRow]:
    """Every student of `course` with lesson progress and best quiz results; four queries."""
    enrollments = list(
        Enrollment.objects.filter(course=course).select_related("student").order_by("student__display_name")
    )
    total = Lesson.objects.live().filter(course=course, module__live=True, module__retired=False).count()
    stats = {
        row["enrollment_id"]: row
        for row in LessonProgress.objects.filter(enrollment__in=enrollments)
        .values("enrollment_id")
        .annotate(
            done=Count("pk", filter=Q(completed_at__isnull=False, lesson__live=True, lesson__retired=False)),
            seconds=Sum("time_spent_seconds"),
            last=Max("last_viewed_at"),
        )
        .order_by()
    }
    results = defaultdict(list)
    for row in (
        QuizAttempt.objects.filter(enrollment__in=enrollments)
        .values("enrollment_id", "quiz_id", "quiz__title")
        .annotate(best=Max("score"), attempts=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
        .order_by("quiz__title")
    ):
        results[row["enrollment_id"]].append(row)
    return [
        StudentProgressRow(
            e,
            stats.get(e.pk, {}).get("done", 0),
            total,
            stats.get(e.pk, {}).get("seconds") or 0,
            stats.get(e.pk, {}).get("last"),
            results.get(e.pk, []),
        )
        for e in enrollments
    ]


def catalogue_courses():
    """Courses anyone may find in listings: published and public (unlisted ones are reachable by link only)."""
    return Course.objects.filter(status=Course.Status.PUBLISHED, visibility=Course.Visibility.PUBLIC)


def can_view_course(*, user, course: Course) -> bool:
    """Who may see a course's page: public and unlisted published courses are open to all; private (cohort)
    courses to their enrolled students, teachers and admins; drafts to teachers and admins only."""
    is_staff = getattr(user, "is_authenticated", False) and (
        user.has_role("admin") or course.teachers.filter(pk=user.pk).exists()
    )
    if course.status not in (Course.Status.PUBLISHED, Course.Status.ARCHIVED):
        return bool(is_staff)
    if course.visibility != Course.Visibility.PRIVATE:
        return course.status == Course.Status.PUBLISHED or bool(is_staff) or _enrolled(user, course)
    return bool(is_staff) or _enrolled(user, course)


def _enrolled(user, course: Course) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and Enrollment.objects.filter(student=user, course=course, status__in=["active", "completed"]).exists()
    )


def certificates_of(*, student):
    """The student's certificates, newest first (revoked ones too, marked as such)."""
    return Certificate.objects.filter(enrollment__student=student).order_by("-issued_at", "-pk")


@dataclass(frozen=True)
class EnrollmentProgress:
    status: str
    completed_lessons: int
    total_lessons: int
    last_active: datetime | None

    @property
    def percent(self) -> int:
        return round(self.completed_lessons * 100 / self.total_lessons) if self.total_lessons else 0


def progress_of(*, student_ids, course_ids) -> dict[tuple[int, int], EnrollmentProgress]:
    """Progress and last activity of each of these students in each of these courses they are enrolled in, keyed
    (student id, course id); two queries whatever the numbers (partners' cohort overviews)."""
    totals = dict(
        Lesson.objects.live()
        .filter(course_id__in=course_ids, module__live=True, module__retired=False)
        .values("course_id")
        .annotate(total=Count("pk"))
        .values_list("course_id", "total")
        .order_by()
    )
    done = Q(lesson_progress__completed_at__isnull=False, lesson_progress__lesson__live=True)
    rows = (
        Enrollment.objects.filter(student_id__in=student_ids, course_id__in=course_ids)
        .values("student_id", "course_id", "status")
        .annotate(
            done=Count("lesson_progress", filter=done & Q(lesson_progress__lesson__retired=False)),
            last=Max("lesson_progress__last_viewed_at"),
        )
        .order_by()
    )
    return {
        (row["student_id"], row["course_id"]): EnrollmentProgress(
            row["status"], row["done"], totals.get(row["course_id"], 0), row["last"]
        )
        for row in rows
    }


@dataclass(frozen=True)
class SyllabusModule:
    module: Module
    lessons: list[Lesson]


def public_syllabus(*, course: Course) -> list[SyllabusModule]:
    """The approved modules and lessons of a course as a visitor sees them (titles, durations, free previews), in
    one query whatever the size of the course; a module without an approved lesson is left out."""
    lessons = (
        Lesson.objects.live()
        .filter(course=course, module__live=True, module__retired=False)
        .select_related("module")
        .only("pk", "title", "estimated_minutes", "is_preview", "sort_order", "module__title", "module__sort_order")
        .order_by("module__sort_order", "module_id", "sort_order", "pk")
    )
    syllabus: list[SyllabusModule] = []
    for lesson in lessons:
        if not syllabus or syllabus[-1].module.pk != lesson.module_id:
            syllabus.append(SyllabusModule(lesson.module, []))
        syllabus[-1].lessons.append(lesson)
    return syllabus


class PreviewRefused(Exception):
    """The lesson exists in the course but is not a free preview (or is closed by an admin)."""


def preview_lesson(*, course: Course, lesson_id: int) -> Lesson | None:
    """The approved lesson a visitor may open without an enrollment: a free preview of a published course that is
    not private, which no admin lock closes. None when the course has no such lesson at all; PreviewRefused when
    it has one that is not open to visitors."""
    lesson = Lesson.objects.live().filter(course=course, pk=lesson_id, module__live=True, module__retired=False).first()
    if lesson is None:
        return None
    locked = LessonLock.objects.filter(
        Q(course__isnull=True, lesson__isnull=True) | Q(course=course) | Q(lesson=lesson)
    ).exists()
    open_course = course.status == Course.Status.PUBLISHED and course.visibility != Course.Visibility.PRIVATE
    if not (lesson.is_preview and open_course) or locked:
        raise PreviewRefused
    return lesson


def with_teacher_ratings(teachers):
    """Teachers annotated with the average (`rating_average`) and count (`rating_count`) of the approved reviews of
    the courses they teach, in the teachers' own query."""
    approved = Review.objects.filter(course__teachers=OuterRef("pk"), status=Review.Status.APPROVED).order_by()
    return teachers.annotate(
        rating_average=Subquery(approved.values("status").annotate(value=Avg("rating")).values("value")),
        rating_count=Subquery(approved.values("status").annotate(value=Count("pk")).values("value")),
    )


def rating_summary(average, count) -> RatingSummary:
    if not count:
        return RatingSummary(None, 0)
    return RatingSummary(Decimal(str(average)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), count)


def course_stats(outer: str) -> dict:
    """Annotations for rows whose `outer` field is a course id: how many students it has had (`enrolled`, its
    popularity) and its approved reviews' `rating_average` and `rating_count`, in the rows' own query."""
    approved = Review.objects.filter(course_id=OuterRef(outer), status=Review.Status.APPROVED).order_by()
    enrollments = Enrollment.objects.filter(course_id=OuterRef(outer)).order_by().values("course_id")
    return {
        "enrolled": Coalesce(Subquery(enrollments.annotate(value=Count("pk")).values("value")), 0),
        "rating_average": Subquery(approved.values("course_id").annotate(value=Avg("rating")).values("value")),
        "rating_count": Coalesce(Subquery(approved.values("course_id").annotate(value=Count("pk")).values("value")), 0),
    }


def teachers_of(*, course_ids) -> dict[int, list]:
    """{course id: [teacher, …]} for the courses, with the teachers' names; one query."""
    through = Course.teachers.through
    teachers: dict[int, list] = defaultdict(list)
    for row in through.objects.filter(course_id__in=list(course_ids)).select_related("user").order_by("user_id"):
        teachers[row.course_id].append(row.user)
    return teachers
