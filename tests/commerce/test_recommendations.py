"""Suggestions of what to take next: which courses, never one already owned, in a fixed number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import override

from commerce.lines import BundleLine
from commerce.models import BundleItem, BundlePrice, CoEnrollment, CoursePopularity
from commerce.recommendations import rollups
from commerce.recommendations.suggestions import ENOUGH_CREDITS, Kind, suggest
from commerce.services import checkout, fulfilment
from core.money import Money
from learning.models import Enrollment
from placement.models import Attempt
from scheduling.services import credits
from tests.factories import UserFactory
from tests.learning.factories import EnrollmentFactory
from tests.placement.factories import make_test
from tests.scheduling.factories import make_schedule

from .factories import BundleFactory, CourseFactory, CoursePriceFactory, SessionPackagePriceFactory


def course(language="English", level="A1", **fields):
    made = CourseFactory(language=language, level=level, **fields)
    CoursePriceFactory(course=made, currency="USD", amount=Decimal("100.00"))
    return made


def own(student, *courses, status=Enrollment.Status.ACTIVE):
    for owned in courses:
        EnrollmentFactory(student=student, course=owned, status=status)


def placed(student, *, language="English", level="A2"):
    test = make_test(language=language, slug=f"{language.lower()}-{level.lower()}")
    Attempt.objects.create(
        test=test,
        user=student,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        score=60,
        level=test.framework.levels.get(code=level),
    )


def package(title, *, language="", position=0, sessions=4, amount="80.00"):
    return SessionPackagePriceFactory(
        package__title=title,
        package__language=language,
        package__position=position,
        package__sessions=sessions,
        amount=Decimal(amount),
    ).package


def grant(student, quantity, *, language="", teacher=None, expires_in=timedelta(days=30)):
    credits.grant_credits(
        student=student,
        quantity=quantity,
        source="admin",
        language=language,
        teacher=teacher,
        expires_at=timezone.now() + expires_in,
    )


def live(suggestions):
    return [s for s in suggestions if s.kind == Kind.LIVE_SESSIONS]


def titles(suggestions, kind=None):
    return [s.title for s in suggestions if kind is None or s.kind == kind]


@pytest.mark.django_db
def test_a_student_placed_at_a2_is_offered_the_b1_course_of_the_same_language():
    student = UserFactory()
    course(title="English A2")
    english_b1 = course(title="English B1", level="B1")
    course(title="Arabic B1", language="Arabic", level="B1")
    placed(student, level="A2")

    suggestions = suggest(student=student, currency="USD", language="en")

    assert suggestions[0].kind == Kind.NEXT_LEVEL
    assert suggestions[0].headline == "Continue to B1"
    assert suggestions[0].course == english_b1
    assert suggestions[0].offer.price.amount == Decimal("100.00")


@pytest.mark.django_db
def test_completing_a_course_moves_the_suggestion_to_the_level_after_it():
    student = UserFactory()
    own(student, course(title="English B1", level="B1"), status=Enrollment.Status.COMPLETED)
    course(title="English B2 grammar", level="B2")
    course(title="English C1", level="C1")

    assert titles(suggest(student=student, currency="USD", language="en"), Kind.NEXT_LEVEL) == ["English B2 grammar"]


@pytest.mark.django_db
def test_nothing_the_student_owns_or_ever_enrolled_in_is_suggested():
    student, classmate = UserFactory(), UserFactory()
    mine = course(title="English A2", level="A2")
    owned_b1 = course(title="English B1", level="B1")
    refunded = course(title="Refunded", level="B1")
    other = course(title="Business English", level="B2")
    own(student, mine, owned_b1)
    own(student, refunded, status=Enrollment.Status.REFUNDED)
    own(classmate, mine, owned_b1, refunded, other)
    rollups.refresh()

    suggested = {s.course.pk for s in suggest(student=student, currency="USD", language="en") if s.course}

    assert suggested.isdisjoint({mine.pk, owned_b1.pk, refunded.pk})
    assert other.pk in suggested


@pytest.mark.django_db
def test_students_also_took_ranks_by_how_many_share_the_course():
    student = UserFactory()
    seed = course(title="Seed", level="C2")  # the top level: no next level to crowd the list
    often, rarely, hidden = course(title="Often"), course(title="Rarely"), course(title="Hidden", status="draft")
    own(student, seed)
    for index in range(3):
        other = UserFactory()
        own(other, seed, often, hidden)
        if index == 0:
            own(other, rarely)
    rollups.refresh()

    assert CoEnrollment.objects.get(course=seed, also_took=often).students == 3
    assert titles(suggest(student=student, currency="USD", language="en"), Kind.ALSO_TOOK) == ["Often", "Rarely"]


@pytest.mark.django_db
def test_the_rollup_counts_only_enrollments_that_give_the_course_and_a_rerun_gives_the_same_table():
    first, second = course(), course()
    for status in (Enrollment.Status.ACTIVE, Enrollment.Status.COMPLETED, Enrollment.Status.REVOKED):
        student = UserFactory()
        own(student, first, second, status=status)
    rollups.refresh()
    table = set(CoEnrollment.objects.values_list("course_id", "also_took_id", "students"))
    rollups.refresh()

    assert table == {(first.pk, second.pk, 2), (second.pk, first.pk, 2)}
    assert set(CoEnrollment.objects.values_list("course_id", "also_took_id", "students")) == table
    assert CoursePopularity.objects.get(course=first).students == 2


@pytest.mark.django_db
def test_a_student_with_no_history_gets_the_most_popular_courses_site_wide():
    popular, quiet = course(title="Popular", language="Arabic"), course(title="Quiet")
    for _ in range(3):
        own(UserFactory(), popular)
    own(UserFactory(), quiet)
    rollups.refresh()

    suggestions = suggest(student=UserFactory(), currency="USD", language="en")

    assert titles(suggestions) == ["Popular", "Quiet"]
    assert {s.kind for s in suggestions} == {Kind.POPULAR}


@pytest.mark.django_db
def test_popular_courses_keep_to_the_languages_a_student_learns():
    student = UserFactory()
    placed(student, language="Arabic", level="C2")
    arabic, english = course(title="Arabic talk", language="Arabic", level="C2"), course(title="English talk")
    for _ in range(2):
        own(UserFactory(), arabic, english)
    rollups.refresh()

    assert titles(suggest(student=student, currency="USD", language="en"), Kind.POPULAR) == ["Arabic talk"]


@pytest.mark.django_db
def test_live_sessions_are_offered_for_a_language_learnt_only_from_recorded_courses(teacher):
    make_schedule(teacher)  # teaches Arabic and English (the factory's profile)
    student = UserFactory()
    own(student, course(title="Recorded English", course_type="recorded", level="C2"))

    live = [s for s in suggest(student=student, currency="USD", language="en") if s.kind == Kind.LIVE_SESSIONS]

    assert [s.url for s in live] == ["/learn/sessions/"]
    own(student, course(title="Live English", course_type="live", level="C2"))
    assert Kind.LIVE_SESSIONS not in {s.kind for s in suggest(student=student, currency="USD", language="en")}


@pytest.mark.django_db
def test_no_live_sessions_are_offered_when_no_teacher_of_the_language_takes_bookings(teacher):
    student = UserFactory()
    own(student, course(title="Recorded English", course_type="recorded", level="C2"))

    assert Kind.LIVE_SESSIONS not in {s.kind for s in suggest(student=student, currency="USD", language="en")}


@pytest.mark.django_db
def test_a_course_page_visitor_without_an_account_sees_the_next_level_and_co_enrolled_courses():
    viewed, _following, together = course(level="A2"), course(title="Next", level="B1"), course(title="Together")
    own(UserFactory(), viewed, together)
    rollups.refresh()

    suggestions = suggest(course=viewed, currency="USD", language="en")

    assert [(s.kind, s.title) for s in suggestions][:2] == [(Kind.NEXT_LEVEL, "Next"), (Kind.ALSO_TOOK, "Together")]
    assert viewed.pk not in {s.course.pk for s in suggestions if s.course}


@pytest.fixture
def recorded_english_student(teacher):
    make_schedule(teacher)  # teaches Arabic and English (the factory's profile)
    student = UserFactory()
    own(student, course(title="Recorded English", course_type="recorded", level="C2"))
    return student


@pytest.mark.django_db
def test_a_recorded_course_student_without_credits_is_offered_a_package_of_the_language(recorded_english_student):
    package("Any teacher, 10 sessions", sessions=10)
    package("Arabic conversation", language="Arabic")
    english = package("English speaking, 4 sessions", language="english", position=5)

    [offer] = live(suggest(student=recorded_english_student, currency="USD", language="en"))

    assert (offer.package, offer.url) == (english, f"/packages/{english.slug}/buy/")
    assert (offer.headline, offer.title) == ("Add live speaking sessions", "English speaking, 4 sessions")
    assert offer.detail == "4 live sessions with a teacher of English"
    assert offer.offer.price == Money(Decimal("80.00"), "USD")


@pytest.mark.django_db
def test_without_a_package_of_the_language_the_any_teacher_package_is_offered_in_arabic_too(
    recorded_english_student,
):
    package("Arabic conversation", language="Arabic")
    anyone = package("Any teacher, 10 sessions", sessions=10)

    with override("ar"):
        [offer] = live(suggest(student=recorded_english_student, currency="USD", language="ar"))

    assert offer.package == anyone
    assert offer.headline == "أضف جلسات محادثة مباشرة"
    assert "10" in offer.detail and "English" in offer.detail and "live" not in offer.detail


@pytest.mark.django_db
def test_with_no_package_on_sale_the_suggestion_leads_to_the_live_sessions_page(recorded_english_student):
    package("Off sale", language="English").__class__.objects.update(is_active=False)

    [offer] = live(suggest(student=recorded_english_student, currency="USD", language="en"))

    assert (offer.package, offer.url) == (None, "/learn/sessions/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("held", "offered"),
    [
        ({}, True),
        ({"quantity": ENOUGH_CREDITS - 1, "language": "English"}, True),  # the last session: time to top up
        ({"quantity": ENOUGH_CREDITS, "language": "English"}, False),
        ({"quantity": ENOUGH_CREDITS}, False),  # credits for any teacher book an English one too
        ({"quantity": ENOUGH_CREDITS, "teacher": True}, False),  # with a teacher who teaches English
        ({"quantity": 5, "language": "French"}, True),  # no use for English
        ({"quantity": 5, "language": "English", "expires_in": -timedelta(days=1)}, True),
    ],
)
def test_packages_are_offered_only_while_the_student_is_short_of_credits_for_the_language(
    recorded_english_student, teacher, held, offered
):
    package("English speaking", language="English")
    if held:
        grant(recorded_english_student, **{**held, "teacher": teacher if held.get("teacher") else None})

    assert bool(live(suggest(student=recorded_english_student, currency="USD", language="en"))) is offered


@pytest.mark.django_db
def test_a_visitor_of_a_recorded_course_page_is_offered_a_package(teacher):
    make_schedule(teacher)
    english = package("English speaking", language="English")
    viewed = course(title="Recorded English", language="English", course_type="recorded", level="C2")

    assert [s.package for s in live(suggest(course=viewed, currency="USD", language="en"))] == [english]
    live_course = course(title="Live English", language="English", course_type="live", level="C2")
    assert not live(suggest(course=live_course, currency="USD", language="en"))


@pytest.mark.django_db
def test_courses_bought_in_a_bundle_are_never_suggested_and_the_level_after_them_is(rates):
    student = UserFactory()
    bundle = BundleFactory(title="English A2 pack", slug="english-a2-pack")
    packed = [course(title=f"English A2 {part}", level="A2") for part in ("grammar", "speaking")]
    for position, item in enumerate(packed):
        BundleItem.objects.create(bundle=bundle, course=item, position=position)
    BundlePrice.objects.create(bundle=bundle, currency="USD", amount=Decimal("150.00"))
    b1 = course(title="English B1", level="B1")
    order = checkout.order_for(student=student, purchases=[BundleLine(bundle)], currency="USD")
    fulfilment.record_payment(order=order, gateway="test", reference="test_pi_bundle", amount=order.total_money)
    for item in packed:  # popular with others, so they would be suggested to anyone not owning them
        own(UserFactory(), item)
    rollups.refresh()

    suggestions = suggest(student=student, currency="USD", language="en")

    assert {s.course.pk for s in suggestions if s.course}.isdisjoint({item.pk for item in packed})
    assert suggestions[0].course == b1 and suggestions[0].kind == Kind.NEXT_LEVEL


@pytest.mark.django_db
def test_a_student_with_no_history_gets_no_package_and_nothing_crashes(teacher):
    make_schedule(teacher)
    package("English speaking", language="English")

    assert suggest(student=UserFactory(), currency="USD", language="en") == []


def _world(size):
    """`size` courses per level in two languages, each taken by a few students; one student owns some (recorded),
    holds a few credits, and `size` packages are on sale."""
    student = UserFactory()
    others = [UserFactory() for _ in range(3)]
    for language in ("English", "Arabic"):
        for level in ("A1", "A2", "B1", "B2"):
            for index in range(size):
                made = course(title=f"{language} {level} {index}", language=language, level=level)
                own(others[index % 3], made)
                if level == "A1":
                    own(student, made)
    placed(student, level="A2")
    for index in range(size):
        package(f"English {index}", language="English", position=index)
        package(f"Anyone {index}", position=index)
        grant(student, 1, language="Arabic")
    rollups.refresh()
    return student


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 6])
def test_suggestions_take_the_same_queries_whatever_the_catalogue(size, django_assert_max_num_queries, teacher):
    make_schedule(teacher)
    student = _world(size)
    with django_assert_max_num_queries(12):
        assert live(suggest(student=student, currency="EUR", language="en"))
