"""Suggestions of what to take next: which courses, never one already owned, in a fixed number of queries."""

from decimal import Decimal

import pytest
from django.utils import timezone

from commerce.models import CoEnrollment, CoursePopularity
from commerce.recommendations import rollups
from commerce.recommendations.suggestions import Kind, suggest
from learning.models import Enrollment
from placement.models import Attempt
from tests.factories import UserFactory
from tests.learning.factories import EnrollmentFactory
from tests.placement.factories import make_test
from tests.scheduling.factories import make_schedule

from .factories import CourseFactory, CoursePriceFactory


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


def _world(size):
    """`size` courses per level in two languages, each taken by a few students; one student owns some."""
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
    rollups.refresh()
    return student


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 6])
def test_suggestions_take_the_same_queries_whatever_the_catalogue(size, django_assert_max_num_queries, teacher):
    make_schedule(teacher)
    student = _world(size)
    with django_assert_max_num_queries(8):
        assert suggest(student=student, currency="EUR", language="en")
