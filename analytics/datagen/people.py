"""People and courses: students, teachers with their profiles, partners with theirs, and published courses with a
price in every currency the school sells in. Later parts read the ids from `world.made`: "student_ids",
"teacher_ids", "partner_ids", "course_ids" (lists of primary keys) and "course_teacher" (course id → its teacher's)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.base import CommandError

from accounts.models import PartnerProfile, TeacherProfile, User
from commerce.amounts import quantize
from commerce.models import CoursePrice
from learning.models import Course
from learning.models.courses import CourseType, Level

from . import World, batched, part

# Units of each currency one US dollar buys, roughly; prices and payments are converted with them.
USD_RATES = {
    "USD": Decimal(1),
    "EUR": Decimal("0.92"),
    "GBP": Decimal("0.79"),
    "SAR": Decimal("3.75"),
    "AED": Decimal("3.6725"),
    "JOD": Decimal("0.709"),
}
LANGUAGES = ("Arabic", "English", "French", "Spanish", "German", "Turkish")
TIME_ZONES = ("Asia/Amman", "Asia/Riyadh", "Asia/Dubai", "Europe/London", "Europe/Berlin", "America/New_York", "UTC")


def per_reporting_unit(currency: str) -> Decimal:
    """Units of `currency` one unit of the reporting currency buys, from the table above."""
    return USD_RATES[currency] / USD_RATES[settings.FLUENTORY_REPORTING_CURRENCY]


def email_prefix(world: World) -> str:
    return f"gen{world.seed}"


@part(10)
def generate(world: World) -> None:
    prefix = email_prefix(world)
    if User.objects.filter(email__startswith=f"{prefix}-").exists():
        raise CommandError(f"Records generated with --seed {world.seed} are already here; choose another --seed.")
    courses = min(100, max(3, world.students // 1000))
    teachers = max(2, courses // 2)
    partners = max(1, courses // 4)
    pick = world.random.choice

    def people(kind: str, count: int, **flags) -> list[int]:
        users = (
            User(
                email=f"{prefix}-{kind}{number}@example.test",
                password=UNUSABLE_PASSWORD_PREFIX,  # generated people never log in
                first_name=kind.capitalize(),
                last_name=str(number),
                time_zone=pick(TIME_ZONES),
                preferred_currency=pick(settings.FLUENTORY_CURRENCIES),
                date_joined=world.moment(),
                **flags,
            )
            for number in range(1, count + 1)
        )
        for batch in batched(users):
            User.objects.bulk_create(batch)
        return list(
            User.objects.filter(email__startswith=f"{prefix}-{kind}").order_by("pk").values_list("pk", flat=True)
        )

    student_ids = people("student", world.students)
    teacher_ids = people("teacher", teachers, is_student=False, is_teacher=True)
    partner_ids = people("partner", partners, is_student=False, is_partner=True)
    TeacherProfile.objects.bulk_create(
        TeacherProfile(user_id=pk, headline="Language teacher", languages_taught=pick(LANGUAGES)) for pk in teacher_ids
    )
    PartnerProfile.objects.bulk_create(
        PartnerProfile(user_id=pk, organisation=f"Partner school {number}")
        for number, pk in enumerate(partner_ids, start=1)
    )

    Course.objects.bulk_create(
        Course(
            title=f"{pick(LANGUAGES)} {level} ({number})",
            slug=f"{prefix}-course-{number}",
            language=pick(LANGUAGES),
            level=level,
            course_type=pick([CourseType.RECORDED, CourseType.LIVE, CourseType.HYBRID]),
            status=Course.Status.PUBLISHED,
        )
        for number, level in ((number, pick(Level.values[:6])) for number in range(1, courses + 1))
    )
    course_ids = list(
        Course.objects.filter(slug__startswith=f"{prefix}-course-").order_by("pk").values_list("pk", flat=True)
    )
    course_teacher = {course_id: pick(teacher_ids) for course_id in course_ids}
    Course.teachers.through.objects.bulk_create(
        Course.teachers.through(course_id=course_id, user_id=teacher_id)
        for course_id, teacher_id in course_teacher.items()
    )
    prices = []
    for course_id in course_ids:
        base = Decimal(world.random.randrange(20, 400))
        prices += [
            CoursePrice(
                course_id=course_id, currency=currency, amount=quantize(base * per_reporting_unit(currency), currency)
            )
            for currency in settings.FLUENTORY_CURRENCIES
            if currency in USD_RATES
        ]
    CoursePrice.objects.bulk_create(prices)

    world.made.update(
        student_ids=student_ids,
        teacher_ids=teacher_ids,
        partner_ids=partner_ids,
        course_ids=course_ids,
        course_teacher=course_teacher,
    )
    world.log(f"{len(student_ids)} students, {teachers} teachers, {partners} partners, {courses} courses")
