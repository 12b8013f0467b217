"""Proficiency frameworks: the CEFR ladder is the default for any language."""

from django.db import transaction

from learning.models.courses import Level as CourseLevel

from ..models import Framework, ProficiencyLevel

# (code, name, name in Arabic, what it means, in Arabic), from the Council of Europe's global scale.
CEFR = [
    (
        "A1",
        "Beginner",
        "مبتدئ",
        "You understand and use familiar everyday expressions and very basic phrases, introduce yourself and "
        "ask simple questions about where people live and what they have.",
        "تفهم العبارات اليومية المألوفة والجمل البسيطة جدًا وتستخدمها، وتعرّف بنفسك وتسأل أسئلة بسيطة عن مكان سكن "
        "الناس وما يملكون.",
    ),
    (
        "A2",
        "Elementary",
        "أساسي",
        "You understand frequent expressions about shopping, family, work and your area, and handle simple, "
        "routine exchanges of information.",
        "تفهم العبارات الشائعة عن التسوق والعائلة والعمل والمنطقة التي تعيش فيها، وتتعامل مع تبادل بسيط ومعتاد "
        "للمعلومات.",
    ),
    (
        "B1",
        "Intermediate",
        "متوسط",
        "You follow the main points of clear speech on familiar matters, cope with most travel situations and "
        "describe experiences, plans and opinions.",
        "تتابع الأفكار الرئيسية في الكلام الواضح عن أمور مألوفة، وتتدبر معظم مواقف السفر، وتصف تجاربك وخططك وآراءك.",
    ),
    (
        "B2",
        "Upper intermediate",
        "فوق المتوسط",
        "You understand the main ideas of complex texts, talk with native speakers fluently and without strain, "
        "and explain a viewpoint with its advantages and disadvantages.",
        "تفهم الأفكار الرئيسية في النصوص المعقدة، وتتحدث مع أهل اللغة بطلاقة ودون عناء، وتشرح وجهة نظر بمزاياها "
        "وعيوبها.",
    ),
    (
        "C1",
        "Advanced",
        "متقدم",
        "You understand long, demanding texts and implicit meaning, and use the language flexibly for social, "
        "academic and professional purposes.",
        "تفهم النصوص الطويلة الصعبة والمعاني الضمنية، وتستخدم اللغة بمرونة لأغراض اجتماعية وأكاديمية ومهنية.",
    ),
    (
        "C2",
        "Proficient",
        "متمكن",
        "You understand virtually everything you hear or read and express yourself spontaneously and precisely, "
        "with fine shades of meaning.",
        "تفهم كل ما تسمعه أو تقرؤه تقريبًا، وتعبّر عن نفسك بعفوية ودقة مع فروق دقيقة في المعنى.",
    ),
]


@transaction.atomic
def cefr_framework(*, language: str) -> Framework:
    """The language's framework, created with the six CEFR levels when it does not exist yet."""
    framework, created = Framework.objects.get_or_create(
        language=language, defaults={"name": "CEFR", "name_ar": "الإطار الأوروبي المرجعي"}
    )
    if created:
        add_cefr_levels(framework=framework)
    return framework


def add_cefr_levels(*, framework: Framework) -> None:
    """Give a framework without levels the CEFR ladder (a custom ladder is entered level by level instead)."""
    if framework.levels.exists():
        return
    ProficiencyLevel.objects.bulk_create(
        ProficiencyLevel(
            framework=framework,
            sort_order=position,
            code=code,
            name=name,
            name_ar=name_ar,
            description=description,
            description_ar=description_ar,
            course_level=CourseLevel(code),
        )
        for position, (code, name, name_ar, description, description_ar) in enumerate(CEFR)
    )
