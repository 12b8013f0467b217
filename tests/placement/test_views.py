"""The placement pages: who may open what, bad input, progress kept across sign-in, bounded queries."""

from decimal import Decimal

import pytest

from analytics.models import Event
from placement.models import Attempt
from tests.commerce.factories import CoursePriceFactory, ExchangeRateFactory
from tests.factories import PASSWORD, UserFactory
from tests.learning.factories import CourseFactory

from .factories import answers, make_test, recommend

pytestmark = pytest.mark.django_db


@pytest.fixture
def test():
    return make_test()


def start(client, test):
    response = client.post(f"/placement/{test.slug}/start/")
    assert response.status_code == 302
    return Attempt.objects.order_by("-pk").first()


def finish(client, attempt, right=2):
    for _ in range(attempt.test.sections.count()):
        attempt.refresh_from_db()
        if attempt.current_section is None:
            break
        client.post(f"/placement/attempt/{attempt.key}/", answers(attempt.current_section, right=right))
    attempt.refresh_from_db()
    return attempt


def test_placement_is_no_longer_404_and_lists_live_tests(client, test):
    make_test(slug="hidden", is_live=False)
    page = client.get("/placement/").content.decode()
    assert test.title in page and "/placement/hidden/" not in page
    assert client.get("/placement/hidden/", follow=True).status_code == 404


def test_an_anonymous_visitor_takes_the_test_in_their_browser(client, test):
    attempt = start(client, test)
    page = client.get(f"/placement/attempt/{attempt.key}/")
    assert page.status_code == 200 and "Sign up" in page.content.decode()
    attempt = finish(client, attempt)
    assert attempt.is_finished and attempt.user is None
    assert client.get(f"/placement/attempt/{attempt.key}/result/").status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "other_student", "teacher", "admin"])
def test_nobody_else_opens_an_attempt(client, test, who):
    owner_client = client.__class__()
    attempt = finish(owner_client, start(owner_client, test))
    if who != "anonymous":
        client.force_login(
            {
                "other_student": UserFactory,
                "teacher": lambda: UserFactory(teacher=True),
                "admin": lambda: UserFactory(admin=True),
            }[who]()
        )
    for url in (f"/placement/attempt/{attempt.key}/", f"/placement/attempt/{attempt.key}/result/"):
        assert client.get(url, follow=True).status_code == 404


def test_logging_in_mid_test_attaches_the_attempt_and_it_resumes_on_another_device(client, test):
    student = UserFactory()
    attempt = start(client, test)
    first = attempt.current_section
    client.post(f"/placement/attempt/{attempt.key}/", answers(first, right=2))
    response = client.post("/accounts/login/", {"login": student.email, "password": PASSWORD})
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.user == student

    other_device = client.__class__()
    assert other_device.get(f"/placement/attempt/{attempt.key}/").status_code == 302  # log in first
    other_device.force_login(student)
    assert "Continue the test" in other_device.get("/placement/").content.decode()
    page = other_device.get(f"/placement/attempt/{attempt.key}/").content.decode()
    assert attempt.current_section.title in page
    assert finish(other_device, attempt).is_finished


def test_signing_up_mid_test_attaches_the_attempt(client, test):
    attempt = start(client, test)
    client.post(
        "/accounts/signup/",
        {
            "email": "new@example.test",
            "display_name": "New",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "time_zone": "Europe/London",
        },
    )
    attempt.refresh_from_db()
    assert attempt.user is not None and attempt.user.email == "new@example.test"
    # The browser that started it keeps going while the confirmation email is on its way.
    assert client.get(f"/placement/attempt/{attempt.key}/").status_code == 200


def test_a_forged_section_gets_a_clear_400_and_a_finished_test_a_409(client, test):
    attempt = start(client, test)
    later = test.sections.order_by("step").last()
    response = client.post(f"/placement/attempt/{attempt.key}/", answers(later, right=2))
    assert response.status_code == 400
    assert "not for the section you are on" in response.content.decode()
    assert not attempt.results.exists()
    attempt = finish(client, attempt)
    response = client.post(f"/placement/attempt/{attempt.key}/", answers(later, right=0))
    assert response.status_code == 409 and "finished" in response.content.decode()
    assert attempt.results.count() == 2


def test_a_get_on_start_is_refused(client, test):
    assert client.get(f"/placement/{test.slug}/start/").status_code == 405
    assert not Attempt.objects.exists()


def test_the_result_shows_level_skills_and_recommended_courses_in_the_visitors_currency(client, test):
    course = CourseFactory(title="English B1 in practice", language="English", level="B1")
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("100.00"))
    ExchangeRateFactory(currency="SAR", rate=Decimal("3.75"))
    recommend(test, "B1", course)
    client.post("/currency/", {"currency": "SAR"})
    attempt = finish(client, start(client, test), right=1)  # 50% → B1
    page = client.get(f"/placement/attempt/{attempt.key}/result/").content.decode()
    assert "B1" in page and "Grammar" in page and "English B1 in practice" in page and "375.00" in page

    response = client.get(f"/placement/attempt/{attempt.key}/courses/{course.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/checkout/start/{course.slug}/"
    assert Event.objects.filter(name="recommendation_followed", properties__course=course.pk).exists()
    assert client.get(f"/placement/attempt/{attempt.key}/courses/{course.pk + 999}/", follow=True).status_code == 404


def test_a_recommended_course_can_also_be_given_or_tried_with_a_teacher(client, test):
    course = CourseFactory(title="English B1 live", language="English", level="B1", course_type="live")
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("100.00"))
    recommend(test, "B1", course)
    attempt = finish(client, start(client, test), right=1)
    page = client.get(f"/placement/attempt/{attempt.key}/result/").content.decode()
    follow = f"/placement/attempt/{attempt.key}/courses/{course.pk}/"
    assert f"{follow}?to=gift" in page and f"{follow}?to=trial" in page

    assert client.get(f"{follow}?to=gift")["Location"] == f"/gifts/start/{course.slug}/"
    assert client.get(f"{follow}?to=trial")["Location"] == "/learn/sessions/"
    assert client.get(f"{follow}?to=elsewhere", follow=True).status_code == 404
    followed = Event.objects.filter(name="recommendation_followed").values_list("properties__action", flat=True)
    assert sorted(followed) == ["gift", "trial"]


def test_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    test = make_test(questions_per_section=20)
    for n in range(5):
        course = CourseFactory(language="English", level="B1", slug=f"b1-{n}")
        CoursePriceFactory(course=course, currency="USD", amount=Decimal("10.00"))
        recommend(test, "B1", course)
    attempt = start(client, test)
    with django_assert_max_num_queries(18):
        assert client.get(f"/placement/attempt/{attempt.key}/").status_code == 200
    attempt = finish(client, attempt, right=10)
    with django_assert_max_num_queries(18):
        assert client.get(f"/placement/attempt/{attempt.key}/result/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/placement/").status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("student", 302), ("teacher", 302), ("editor", 302), ("admin", 200)],
)
def test_placement_analytics_are_for_admins(client, test, who, status):
    if who == "editor":
        from django.contrib.auth.models import Group

        editor = UserFactory(is_student=False, is_staff=True)
        editor.groups.add(Group.objects.get(name="Editors"))
        client.force_login(editor)
    elif who != "anonymous":
        client.force_login(
            UserFactory(**({"teacher": True} if who == "teacher" else {"admin": True} if who == "admin" else {}))
        )
    assert client.get("/admin/placement/analytics/").status_code == status


def test_the_report_counts_conversion_scores_and_drop_off(client, test, django_assert_max_num_queries):
    from learning.services import enroll

    course = CourseFactory(language="English", level="B1")
    student = UserFactory()
    client.force_login(student)
    finish(client, start(client, test), right=1)
    enroll(student=student, course=course, source="purchase")
    start(client, test)  # stopped on the first section
    admin_client = client.__class__()
    admin_client.force_login(UserFactory(admin=True))
    with django_assert_max_num_queries(25):
        page = admin_client.get("/admin/placement/analytics/").content.decode()
    assert "100%" in page  # one finished attempt, one enrollment after it
    assert "50.0%" in page  # the B1 average


def test_starting_attempts_past_the_limit_is_refused_before_an_attempt_is_written(client, test, settings):
    settings.FLUENTORY_RATE_LIMITS = {**settings.FLUENTORY_RATE_LIMITS, "placement_start": "20/h/user,2/h/ip"}
    start(client, test), start(client, test)
    refused = client.post(f"/placement/{test.slug}/start/")
    assert refused.status_code == 429
    assert "You have done this too often in a short time." in refused.content.decode()
    assert Attempt.objects.count() == 2
