"""Demo courses for `seed_demo`: one recorded, one live and one hybrid, teaching Arabic and English, with
milestones and quizzes, and students at different points. Safe to run again."""

import uuid
from pathlib import Path

from django.core.files import File
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale

from accounts.demo import demo_user

from . import lesson_files, services
from .models import CertificateTemplate, Course, Enrollment, Lesson, Module, Quiz
from .services import certificates, community


def _id():
    return str(uuid.uuid4())


def _text(html):
    return {"type": "text", "value": html, "id": _id()}


def _vocabulary(title, entries):
    return {
        "type": "vocabulary",
        "id": _id(),
        "value": {"title": title, "entries": [{"term": t, "meaning": m, "example": e} for t, m, e in entries]},
    }


def _choice(prompt, right, wrong, feedback=""):
    choices = [{"text": right, "correct": True, "feedback": feedback}] + [
        {"text": w, "correct": False, "feedback": ""} for w in wrong
    ]
    return {
        "type": "single_choice",
        "id": _id(),
        "value": {"prompt": prompt, "choices": choices, "feedback_correct": "", "feedback_incorrect": ""},
    }


def _blank(prompt, accepted):
    return {
        "type": "fill_blank",
        "id": _id(),
        "value": {
            "prompt": prompt,
            "accepted": accepted,
            "ignore_case": True,
            "ignore_diacritics": True,
            "feedback_correct": "",
            "feedback_incorrect": "",
        },
    }


def _true_false(prompt, answer):
    return {
        "type": "true_false",
        "id": _id(),
        "value": {"prompt": prompt, "answer": answer, "feedback_correct": "", "feedback_incorrect": ""},
    }


COURSES = [
    {
        "slug": "arabic-first-steps",
        "title": "Arabic: first steps",
        "summary": "Greetings, the alphabet and your first conversations in Modern Standard Arabic, at your own pace.",
        "ar": {
            "title": "العربية: الخطوات الأولى",
            "summary": "التحيات والحروف ومحادثاتك الأولى بالعربية الفصحى، بالسرعة التي تناسبك.",
        },
        "language": "Arabic",
        "level": "A1",
        "course_type": "recorded",
        "teacher": "teacher.amman",
        "estimated_hours": 12,
        "modules": [
            (
                "Greetings",
                "open",
                [
                    (
                        "Hello and goodbye",
                        {"must_complete": True},
                        [
                            _text(
                                "<p>In Arabic, <b>marhaba</b> (مرحبا) means hello and "
                                "<b>maa salama</b> (مع السلامة) means goodbye.</p>"
                            ),
                            _vocabulary(
                                "Greetings",
                                [
                                    ("مرحبا", "hello", "مرحبا يا لينا"),
                                    ("مع السلامة", "goodbye", ""),
                                    ("شكرا", "thank you", ""),
                                ],
                            ),
                        ],
                        None,
                    ),
                    (
                        "Introducing yourself",
                        {"quiz_required": True},
                        [_text("<p><b>Ismi Lina</b> (اسمي لينا) means “My name is Lina”.</p>")],
                        (
                            "Greetings check",
                            [
                                _choice(
                                    "How do you say hello?",
                                    "marhaba",
                                    ["shukran", "maa salama"],
                                    "Marhaba is the everyday hello.",
                                ),
                                _blank("Ismi ___ (my name is Lina)", ["Lina", "لينا"]),
                            ],
                        ),
                    ),
                ],
            ),
            (
                "The alphabet",
                "sequence",
                [
                    ("Letters alif to tha", {}, [_text("<p>ا ب ت ث: four letters, three share a shape.</p>")], None),  # noqa: RUF001
                    ("Letters jim to kha", {}, [_text("<p>ج ح خ: the dots make the difference.</p>")], None),
                ],
            ),
        ],
    },
    {
        "slug": "ielts-speaking-live",
        "title": "IELTS Speaking: live practice",
        "summary": "Weekly live sessions with a CELTA-qualified teacher, with the material for each session here.",
        "ar": {
            "title": "المحادثة في IELTS: تدريب مباشر",
            "summary": "جلسات مباشرة أسبوعية مع معلم حاصل على شهادة CELTA، ومواد كل جلسة هنا.",
        },
        "language": "English",
        "level": "B2",
        "course_type": "live",
        "teacher": "teacher.london",
        "estimated_hours": 16,
        "completion_sessions": 4,
        "modules": [
            (
                "Part 1: about you",
                "open",
                [
                    (
                        "Session notes: familiar topics",
                        {},
                        [_text("<p>Answer in two or three sentences; add a reason or an example.</p>")],
                        None,
                    ),
                ],
            ),
            (
                "Part 2: the long turn",
                "open",
                [
                    ("Session notes: cue cards", {}, [_text("<p>Use your minute to note four key words.</p>")], None),
                ],
            ),
        ],
    },
    {
        "slug": "levantine-conversation",
        "title": "Levantine Arabic conversation",
        "summary": "Self-paced lessons between live conversation classes: the Arabic spoken in Amman and Beirut.",
        "ar": {
            "title": "محادثة باللهجة الشامية",
            "summary": "دروس ذاتية بين حصص المحادثة المباشرة: العربية كما يتكلمها الناس في عمّان وبيروت.",
        },
        "language": "Arabic",
        "level": "A2",
        "course_type": "hybrid",
        "teacher": "teacher.amman",
        "estimated_hours": 20,
        "completion_sessions": 2,
        "modules": [
            (
                "Around town",
                "open",
                [
                    (
                        "Asking the way",
                        {"quiz_required": True},
                        [_text("<p><b>Wein</b> (وين) means “where”: <i>wein al-mataam?</i></p>")],
                        (
                            "Directions quiz",
                            [
                                _true_false("“Wein” means “where”.", True),
                                _choice("“Yameen” means…", "right", ["left", "straight on"]),
                            ],
                        ),
                    ),
                    ("At the café", {}, [_text("<p><b>Biddi ahwe</b>: I would like a coffee.</p>")], None),
                ],
            ),
            (
                "Week two",
                "date",
                [
                    ("Making plans", {}, [_text("<p><b>Shu baddak ta'mel?</b> What do you want to do?</p>")], None),
                ],
            ),
        ],
    },
]


def _build(spec, teacher):
    course, _created = Course.objects.get_or_create(
        slug=spec["slug"],
        defaults={key: spec[key] for key in ("title", "summary", "language", "level", "course_type", "estimated_hours")}
        | {"status": Course.Status.PUBLISHED, "completion_sessions": spec.get("completion_sessions", 0)},
    )
    course.save_translation("ar", **spec["ar"])
    course.teachers.add(teacher)
    if course.modules.exists():
        return course
    now = timezone.now()
    for m_index, (m_title, rule, lessons) in enumerate(spec["modules"]):
        module = Module.objects.create(
            course=course,
            title=m_title,
            sort_order=m_index,
            unlock_rule=rule,
            days_after_enrollment=7 if rule == "date" else None,
            first_published_at=now,
            last_published_at=now,
        )
        for l_index, (l_title, flags, body, quiz) in enumerate(lessons):
            lesson = Lesson.objects.create(
                course=course,
                module=module,
                title=l_title,
                sort_order=l_index,
                body=body,
                estimated_minutes=15,
                first_published_at=now,
                last_published_at=now,
                **flags,
            )
            if quiz:
                Quiz.objects.create(
                    course=course,
                    lesson=lesson,
                    title=quiz[0],
                    questions=quiz[1],
                    pass_mark=50,
                    attempt_limit=3,
                    first_published_at=now,
                    last_published_at=now,
                )
    return course


DEMO_FILES = Path(__file__).parent / "demo_files"
# Lesson title -> files added to it: (block type, title, file name, transcript).
LESSON_FILES = {
    "Hello and goodbye": [
        (
            "audio",
            "Listen: greetings",
            "greetings.ogg",
            "مرحبا. مع السلامة. شكرا.\nMarhaba means hello. Maa salama means goodbye. Shukran means thank you.",
        ),
        ("download", "Worksheet: hello and goodbye", "greetings-worksheet.pdf", ""),
    ],
}


def _demo_document(title: str, filename: str):
    documents = get_document_model()
    existing = documents.objects.filter(title=title).first()
    if existing:
        return existing
    with (DEMO_FILES / filename).open("rb") as handle:
        document = documents(title=title, collection=lesson_files.lesson_files_collection())
        document.file.save(filename, File(handle), save=False)
        document.save()
    return document


def _attach_files(course) -> None:
    """Lessons with an audio file and a worksheet, private to the course (served through the access check)."""
    for lesson in Lesson.objects.filter(course=course, title__in=LESSON_FILES):
        if any(block.block_type in ("audio", "download") for block in lesson.body):
            continue
        for kind, title, filename, transcript in LESSON_FILES[lesson.title]:
            document = _demo_document(title, filename)
            value = {"title": title, "file": document, "transcript": transcript}
            if kind == "download":
                value = {"title": title, "document": document}
            lesson.body.append((kind, value))
        lesson.save()


def _answers(quiz, *, right: bool):
    data = {}
    for block in quiz.questions.raw_data:
        value = block["value"]
        if block["type"] == "single_choice":
            data[f"q-{block['id']}"] = str(next(i for i, c in enumerate(value["choices"]) if c["correct"] == right))
        elif block["type"] == "true_false":
            data[f"q-{block['id']}"] = "1" if value["answer"] == right else "0"
        elif block["type"] == "fill_blank":
            data[f"q-{block['id']}"] = value["accepted"][0] if right else "?"
    return data


def _learn(enrollment, lessons_to_complete, *, pass_quizzes=True):
    lessons = Lesson.objects.live().filter(course=enrollment.course).order_by("module__sort_order", "sort_order")
    for lesson in lessons[:lessons_to_complete]:
        services.start_lesson(enrollment=enrollment, lesson=lesson)
        services.complete_lesson(enrollment=enrollment, lesson=lesson)
        quiz = Quiz.objects.live().filter(lesson=lesson).first()
        if quiz and not quiz.attempts.filter(enrollment=enrollment).exists():
            services.submit_attempt(enrollment=enrollment, quiz=quiz, data=_answers(quiz, right=pass_quizzes))


def give_free_preview(course, *, video=None) -> None:
    """The course's first lesson is its free preview, unless a teacher or admin has already chosen one; a course
    with no lessons yet gets a welcome lesson (with `video`, a document, when given) to be that preview."""
    if course.lessons.filter(is_preview=True).exists():
        return
    first = Lesson.objects.live().filter(course=course).order_by("module__sort_order", "sort_order", "pk").first()
    if first is not None:
        Lesson.objects.filter(pk=first.pk).update(is_preview=True)
        return
    now = timezone.now()
    module = Module.objects.create(
        course=course, title="Getting started", sort_order=0, first_published_at=now, last_published_at=now
    )
    body = [_text(f"<p>Welcome to <b>{course.title}</b>: how the course works, and what you will learn first.</p>")]
    if video is not None:
        body.insert(0, {"type": "video", "id": _id(), "value": {"title": "How the course works", "file": video.pk}})
    Lesson.objects.create(
        course=course,
        module=module,
        title="Welcome: how the course works",
        body=body,
        estimated_minutes=5,
        is_required=False,
        is_preview=True,
        first_published_at=now,
        last_published_at=now,
    )


def seed() -> None:
    courses = {spec["slug"]: _build(spec, demo_user(spec["teacher"])) for spec in COURSES}
    _attach_files(courses["arabic-first-steps"])
    for course in courses.values():
        give_free_preview(course)
    lina, omar, sara = demo_user("student.lina"), demo_user("student.omar"), demo_user("student.sara")
    plan = [
        (lina, "arabic-first-steps", 2, True),  # past the milestone quiz, into the alphabet module
        (lina, "levantine-conversation", 0, True),
        (omar, "ielts-speaking-live", 0, True),
        (omar, "levantine-conversation", 1, False),  # failed the "Directions quiz" once: stopped at the milestone
        (sara, "arabic-first-steps", 1, True),
    ]
    for student, slug, lessons, pass_quizzes in plan:
        enrollment = services.enroll(student=student, course=courses[slug], source=Enrollment.Source.ADMIN)
        _learn(enrollment, lessons, pass_quizzes=pass_quizzes)
    _seed_certificates(omar, courses["ielts-speaking-live"])
    if omar.pk and not courses["levantine-conversation"].announcements.exists():
        community.post_announcement(
            course=courses["levantine-conversation"],
            author=demo_user("teacher.amman"),
            title="Welcome!",
            body="Our first live conversation class is on Monday. Start with “Asking the way”.",
        )


def _seed_certificates(student, course) -> None:
    """The default certificate template in English and Arabic, and a certificate for a completed live course."""
    english = Locale.objects.get_or_create(language_code="en")[0]
    default = CertificateTemplate.objects.filter(course__isnull=True, locale=english).first()
    if default is None:
        default = CertificateTemplate.objects.create(
            name="Fluentory default",
            locale=english,
            wording=(
                "This certifies that {{ student }} completed the course {{ course }} ({{ level }}, {{ hours }} hours) "
                "with {{ teacher }} on {{ date }}."
            ),
            signatures=[{"type": "signature", "value": {"name": "Rania Haddad", "role": "Head of teaching"}}],
        )
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    if not CertificateTemplate.objects.filter(course__isnull=True, locale=arabic).exists():
        translation = default.copy_for_translation(arabic)
        translation.title = "شهادة إتمام"
        translation.wording = (
            "نشهد بأن {{ student }} أتمّ دورة {{ course }} ({{ level }}، {{ hours }} ساعة) "
            "مع {{ teacher }} في {{ date }}."
        )
        translation.signatures = [{"type": "signature", "value": {"name": "رانيا حداد", "role": "رئيسة قسم التعليم"}}]
        translation.save()
    enrollment = services.enroll(student=student, course=course, source=Enrollment.Source.ADMIN)
    services.mark_course_completed(enrollment=enrollment)  # a live course: completed by hand
    certificates.issue_certificate(enrollment=enrollment)
