"""Demo placement tests for `seed_demo`: an adaptive English test and a linear Arabic test with a listening
section, CEFR levels in both languages, and the published demo courses recommended at their level.
Safe to run again: a test that exists already is left as the admin last saved it."""

import uuid
from pathlib import Path

from django.core.files import File
from wagtail.documents import get_document_model
from wagtail.models import Collection

from learning.models import Course

from .models import CourseRecommendation, PlacementTest, ScoreBand, Section
from .services import frameworks

LISTENING_AUDIO = Path(__file__).resolve().parent.parent / "learning" / "demo_files" / "greetings.ogg"
LISTENING_TRANSCRIPT = "مرحبا. مع السلامة. شكرا."
# Scores → levels, the same for both demo tests.
BANDS = [("A1", 0, 24), ("A2", 25, 44), ("B1", 45, 64), ("B2", 65, 79), ("C1", 80, 92), ("C2", 93, 100)]


def _choice(prompt, right, *wrong):
    choices = [{"text": right, "correct": True, "feedback": ""}] + [
        {"text": w, "correct": False, "feedback": ""} for w in wrong
    ]
    return {
        "type": "single_choice",
        "id": str(uuid.uuid4()),
        "value": {"prompt": prompt, "choices": choices, "feedback_correct": "", "feedback_incorrect": ""},
    }


def _blank(prompt, *accepted):
    return {
        "type": "fill_blank",
        "id": str(uuid.uuid4()),
        "value": {
            "prompt": prompt,
            "accepted": list(accepted),
            "ignore_case": True,
            "ignore_diacritics": True,
            "feedback_correct": "",
            "feedback_incorrect": "",
        },
    }


def _true_false(prompt, answer):
    return {
        "type": "true_false",
        "id": str(uuid.uuid4()),
        "value": {"prompt": prompt, "answer": answer, "feedback_correct": "", "feedback_incorrect": ""},
    }


ENGLISH_SECTIONS = [
    # (title, title_ar, skill, step, difficulty, points per question, passage, questions)
    (
        "Grammar: everyday sentences",
        "القواعد: جمل يومية",
        "grammar",
        1,
        1,
        1,
        "",
        [
            _choice("She ___ to work by bus every day.", "goes", "go", "going"),
            _choice("There ___ two apples on the table.", "are", "is", "be"),
            _blank("I was born ___ 1998. (one word)", "in"),
        ],
    ),
    (
        "Grammar: tenses and conditionals",
        "القواعد: الأزمنة والجمل الشرطية",
        "grammar",
        1,
        2,
        2,
        "",
        [
            _choice("By the time we arrived, the film ___.", "had already started", "already starts", "has started"),
            _choice("If I ___ more time, I would learn the piano.", "had", "have", "will have"),
            _choice("She asked me where ___.", "I lived", "did I live", "do I live"),
        ],
    ),
    (
        "Vocabulary: daily life",
        "المفردات: الحياة اليومية",
        "vocabulary",
        2,
        1,
        1,
        "",
        [
            _choice("You sleep in a ___.", "bed", "sink", "oven"),
            _choice("The opposite of “cheap” is ___.", "expensive", "tall", "early"),
            _true_false("“Breakfast” is the first meal of the day.", True),
        ],
    ),
    (
        "Vocabulary: work and ideas",
        "المفردات: العمل والأفكار",
        "vocabulary",
        2,
        2,
        2,
        "",
        [
            _choice(
                "The meeting was ___ until next week because the manager was ill.",
                "postponed",
                "prevented",
                "pretended",
            ),
            _choice("A “reliable” colleague is one you can ___.", "depend on", "look down on", "run into"),
            _choice("Her argument was so ___ that nobody could disagree.", "compelling", "reluctant", "tedious"),
        ],
    ),
    (
        "Reading: a short notice",
        "القراءة: إعلان قصير",
        "reading",
        3,
        1,
        1,
        "The city library will close early on Friday at 3 pm for staff training. On Saturday it opens as usual at "
        "9 am. Books due on Friday can be returned on Saturday without a late fee.",
        [
            _true_false("The library is closed all day on Friday.", False),
            _choice("Why does the library close early?", "Staff training", "A holiday", "Repairs"),
            _true_false("A book due on Friday and returned on Saturday costs a late fee.", False),
        ],
    ),
    (
        "Reading: an opinion piece",
        "القراءة: مقال رأي",
        "reading",
        3,
        2,
        2,
        "Remote work was once seen as a perk for a lucky few. Today many companies treat it as the norm, yet the "
        "evidence on productivity remains mixed: people save hours of commuting, but teams that never meet can "
        "struggle to build the trust that quick decisions depend on.",
        [
            _choice(
                "What is the writer's view of remote work?",
                "It has clear gains and real costs",
                "It always raises productivity",
                "It should be banned",
            ),
            _true_false("According to the text, remote teams may find trust harder to build.", True),
            _choice("“The norm” here means ___.", "the usual way", "a rare exception", "a legal rule"),
        ],
    ),
]

ARABIC_SECTIONS = [
    (
        "Vocabulary: greetings and family",
        "المفردات: التحيات والعائلة",
        "vocabulary",
        1,
        1,
        1,
        "",
        [
            _choice("How do you say “thank you” in Arabic?", "شكرًا", "مرحبًا", "مع السلامة"),
            _choice("“أب” means…", "father", "brother", "son"),
            _blank("Write the Arabic word for “house” (بيت or دار).", "بيت", "دار"),
        ],
    ),
    (
        "Grammar: sentences",
        "القواعد: الجملة",
        "grammar",
        2,
        1,
        1,
        "",
        [
            _choice("Choose the right word: ___ طالبة.", "هي", "هو", "هم"),
            _choice("The plural of “كتاب” is…", "كتب", "كاتب", "مكتبة"),
            _true_false("“المدرسةُ كبيرةٌ” is a complete sentence.", True),
        ],
    ),
    (
        "Reading: a message",
        "القراءة: رسالة",
        "reading",
        3,
        1,
        2,
        "مرحبًا يا سارة، أنا في عمّان الآن. الجو جميل والناس لطفاء. سأزورك يوم الجمعة بعد الظهر إن شاء الله. "
        "مع السلامة، لينا.",
        [
            _choice("Where is Lina?", "In Amman", "In Cairo", "In Beirut"),
            _choice("When will she visit Sara?", "Friday afternoon", "Saturday morning", "Today"),
            _true_false("Lina says the weather is bad.", False),
        ],
    ),
    (
        "Listening: greetings",
        "الاستماع: التحيات",
        "listening",
        4,
        1,
        2,
        "",
        [
            _choice("Listen. Which word do you hear first?", "مرحبا", "صباح الخير", "تصبح على خير"),
            _choice("Which word means “goodbye”?", "مع السلامة", "شكرا", "مرحبا"),
            _true_false("The speaker says “thank you”.", True),
        ],
    ),
]


def seed() -> None:
    audio = _listening_audio()
    _test(
        language="English",
        slug="english-placement",
        title="English placement test",
        title_ar="اختبار تحديد المستوى في الإنجليزية",
        intro="Grammar, vocabulary and reading in three steps. Each step adapts to how you did in the one before.",
        intro_ar="القواعد والمفردات والقراءة في ثلاث خطوات، تتكيّف كل خطوة مع نتيجتك في الخطوة السابقة.",
        routing=PlacementTest.Routing.ADAPTIVE,
        time_limit_minutes=20,
        sections=ENGLISH_SECTIONS,
        audio=None,
    )
    _test(
        language="Arabic",
        slug="arabic-placement",
        title="Arabic placement test",
        title_ar="اختبار تحديد المستوى في العربية",
        intro="Vocabulary, grammar, reading and listening in Modern Standard Arabic. About fifteen minutes.",
        intro_ar="المفردات والقواعد والقراءة والاستماع بالعربية الفصحى، في نحو خمس عشرة دقيقة.",
        routing=PlacementTest.Routing.LINEAR,
        time_limit_minutes=None,
        sections=ARABIC_SECTIONS,
        audio=audio,
    )


def _test(*, language, slug, title, title_ar, intro, intro_ar, routing, time_limit_minutes, sections, audio):
    framework = frameworks.cefr_framework(language=language)
    levels = {level.code: level for level in framework.levels.all()}
    for level in levels.values():
        for position, course in enumerate(
            Course.objects.filter(language=language, level=level.course_level, status=Course.Status.PUBLISHED)
        ):
            CourseRecommendation.objects.get_or_create(level=level, course=course, defaults={"sort_order": position})
    if PlacementTest.objects.filter(slug=slug).exists():
        return
    test = PlacementTest.objects.create(
        framework=framework,
        slug=slug,
        title=title,
        title_ar=title_ar,
        intro=intro,
        intro_ar=intro_ar,
        routing=routing,
        time_limit_minutes=time_limit_minutes,
        is_live=True,
    )
    for position, (s_title, s_title_ar, skill, step, difficulty, points, passage, questions) in enumerate(sections):
        Section.objects.create(
            test=test,
            sort_order=position,
            title=s_title,
            title_ar=s_title_ar,
            skill=skill,
            step=step,
            difficulty=difficulty,
            points_per_question=points,
            passage=passage,
            audio=audio if skill == "listening" else None,
            transcript=LISTENING_TRANSCRIPT if skill == "listening" else "",
            questions=questions,
        )
    for position, (code, low, high) in enumerate(BANDS):
        ScoreBand.objects.create(test=test, sort_order=position, level=levels[code], min_score=low, max_score=high)


def _listening_audio():
    """A public copy of the demo greetings recording (lesson files are private to their course)."""
    documents = get_document_model()
    title = "Placement listening: Arabic greetings"
    existing = documents.objects.filter(title=title).first()
    if existing:
        return existing
    with LISTENING_AUDIO.open("rb") as handle:
        document = documents(title=title, collection=Collection.get_first_root_node())
        document.file.save("placement-greetings.ogg", File(handle), save=False)
        document.save()
    return document
