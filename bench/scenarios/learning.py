"""The student's learning pages on a 200-lesson course: dashboard, course outline and a lesson."""

from bench.harness import Target

SLUG = "bench-two-hundred-lessons"
STUDENT = "student.lina@fluentory.test"


def prepare():
    from django.utils import timezone

    from accounts.demo import demo_user
    from learning import services
    from learning.models import Course, Enrollment, Lesson, LessonProgress, Module, Quiz

    course, created = Course.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": "Bench: 200 lessons",
            "language": "Arabic",
            "course_type": "recorded",
            "status": Course.Status.PUBLISHED,
            "visibility": Course.Visibility.UNLISTED,
        },
    )
    if created:
        course.teachers.add(demo_user("teacher.amman"))
        modules = Module.objects.bulk_create(
            [Module(course=course, title=f"Module {m + 1}", sort_order=m) for m in range(10)]
        )
        lessons = Lesson.objects.bulk_create(
            [
                Lesson(
                    course=course,
                    module=modules[i // 20],
                    title=f"Lesson {i + 1}",
                    sort_order=i,
                    quiz_required=i % 20 == 10,
                    body=[{"type": "text", "value": f"<p>Lesson {i + 1} text.</p>", "id": f"bench-{i}"}],
                )
                for i in range(200)
            ]
        )
        Quiz.objects.bulk_create(
            [
                Quiz(course=course, lesson=lesson, title=f"Check {lesson.title}", pass_mark=50, questions=[])
                for lesson in lessons
                if lesson.quiz_required
            ]
        )
    enrollment = services.enroll(student=demo_user("student.lina"), course=course, source=Enrollment.Source.ADMIN)
    if not LessonProgress.objects.filter(enrollment=enrollment).exists():
        now = timezone.now()
        LessonProgress.objects.bulk_create(
            [
                LessonProgress(
                    enrollment=enrollment, lesson=lesson, started_at=now, last_viewed_at=now, completed_at=now
                )
                for lesson in Lesson.objects.filter(course=course).order_by("sort_order")[:8]
            ]
        )


def targets():
    from learning.models import Lesson

    lesson = Lesson.objects.filter(course__slug=SLUG).order_by("sort_order")[5]
    return [
        Target("student dashboard (/learn/), 200-lesson course", "/learn/", login_as=STUDENT, target_ratio=0.05),
        Target("course outline, 200 lessons", f"/learn/courses/{SLUG}/", login_as=STUDENT, target_ratio=0.05),
        Target(
            "lesson page, 200-lesson course",
            f"/learn/courses/{SLUG}/lessons/{lesson.pk}/",
            login_as=STUDENT,
            target_ratio=0.05,
        ),
        # What the dashboard's browser asks for once the page has loaded: its cost stays in sight.
        Target("dashboard's suggestions, fetched after /learn/", "/suggestions/for-dashboard/", login_as=STUDENT),
        Target("dashboard's tutor, fetched after /learn/", "/learn/tutor/for-dashboard/", login_as=STUDENT),
        Target(
            "lesson's tutor, fetched after the lesson page",
            f"/learn/courses/{SLUG}/tutor/lessons/{lesson.pk}/",
            login_as=STUDENT,
        ),
    ]
