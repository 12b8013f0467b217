"""The offline tutor on a 200-lesson course: indexing the whole course, and answering (p95 and queries)."""

import random
import statistics
import time

from bench.harness import Row

SLUG = "bench-tutor-two-hundred-lessons"
STUDENT = "bench.tutor@fluentory.test"  # a student of its own: the bench clears its answers between questions
QUESTIONS = 200
_ENGLISH = (
    "greeting family market coffee tea bread numbers colours weather travel train airport hotel doctor school "
    "friend house kitchen garden city street left right near far morning evening week month year music film "
    "book letter phone work office money price shop clothes shoes water juice rice chicken fish fruit"
)
_ARABIC = "مرحبا شكرا مع السلامة سوق قهوة شاي خبز عائلة مدرسة صديق بيت مطبخ حديقة مدينة شارع صباح مساء"
WORDS, ARABIC = _ENGLISH.split(), _ARABIC.split()


def _body(index: int, rng: random.Random) -> list[dict]:
    paragraphs = []
    for _paragraph in range(3):
        english = " ".join(rng.choice(WORDS) for _ in range(40))
        arabic = " ".join(rng.choice(ARABIC) for _ in range(12))
        paragraphs.append(f"<p>{english.capitalize()}. {arabic}.</p>")
    return [{"type": "text", "value": "".join(paragraphs), "id": f"bench-tutor-{index}"}]


def _student():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get_or_create(email=STUDENT, defaults={"display_name": "Bench student"})[0]


def prepare():
    from learning import services
    from learning.models import Course, Enrollment, Lesson, Module

    course, created = Course.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": "Bench: tutor over 200 lessons",
            "language": "Arabic",
            "course_type": "recorded",
            "status": Course.Status.PUBLISHED,
            "visibility": Course.Visibility.UNLISTED,
        },
    )
    if created:
        rng = random.Random(14)  # noqa: S311 (the same sample text every run)
        modules = Module.objects.bulk_create(
            [Module(course=course, title=f"Module {m + 1}", sort_order=m) for m in range(10)]
        )
        Lesson.objects.bulk_create(
            [
                Lesson(
                    course=course,
                    module=modules[i // 20],
                    title=f"{rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)} {i + 1}",
                    sort_order=i,
                    body=_body(i, rng),
                )
                for i in range(200)
            ]
        )
    services.enroll(student=_student(), course=course, source=Enrollment.Source.ADMIN)


def measure():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from learning.models import Course
    from tutor import retrieval, services
    from tutor.indexing import index_course
    from tutor.models import Exchange, TutorSettings

    course = Course.objects.get(slug=SLUG)
    started = time.perf_counter()
    passages = index_course(course_id=course.pk)
    indexing_ms = (time.perf_counter() - started) * 1000

    rules = TutorSettings.load()
    rules.messages_per_day, rules.tokens_per_day = 1000, 10_000_000
    rules.save()
    student = _student()
    rng = random.Random(7)  # noqa: S311 (the same questions every run)
    questions = [f"What does {rng.choice(WORDS)} {rng.choice(WORDS)} mean?" for _ in range(QUESTIONS // 2)]
    questions += [f"ماذا تعني {rng.choice(ARABIC)}؟" for _ in range(QUESTIONS // 2)]
    retrieval.search(course_id=course.pk, question="warm up")  # the process builds the course's model once
    timings, queries = [], []
    for question in questions:
        Exchange.objects.filter(conversation__student=student).delete()  # stay under the daily limits
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            services.ask(student=student, course=course, question=question).answer()
            timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured.captured_queries))
    p95 = statistics.quantiles(timings, n=20)[-1]
    return [
        Row(
            "tutor: index a 200-lesson course",
            f"{indexing_ms:.0f} ms",
            "",
            f"{passages} passages; done by a task, one lesson per publish",
        ),
        Row(
            "tutor: offline answer, p95",
            f"{p95:.1f} ms",
            "< 150 ms",
            f"median {statistics.median(timings):.1f} ms over {len(timings)} questions (English and Arabic)",
        ),
        Row("tutor: queries per answer", f"{max(queries)}", "", "policy, ranking, recording (same for any history)"),
    ]
