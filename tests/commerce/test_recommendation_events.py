"""Suggestions on the pages, and their events: shown once per render, clicked through a safe redirect, bought."""

import html
import re
from decimal import Decimal

import pytest
from django.core import signing
from django.utils import timezone

import analytics
from analytics.models import Event
from commerce.lines import PackageLine
from commerce.recommendations import links
from commerce.services import checkout, fulfilment
from core.money import Money
from learning.models import Enrollment
from tests.factories import UserFactory
from tests.learning.factories import EnrollmentFactory

from .factories import CourseFactory, CoursePriceFactory


@pytest.fixture
def courses(db):
    a2 = CourseFactory(title="English A2", language="English", level="A2")
    b1 = CourseFactory(title="English B1", language="English", level="B1")
    for made in (a2, b1):
        CoursePriceFactory(course=made, currency="USD", amount=Decimal("100.00"))
    return a2, b1


def shown(user):
    return list(Event.objects.filter(name="recommendation_shown", user=user))


@pytest.mark.django_db
def test_the_dashboard_suggests_the_next_level_and_records_one_shown_event(client, student, courses):
    a2, b1 = courses
    EnrollmentFactory(student=student, course=a2)
    client.force_login(student)

    dashboard = client.get("/learn/").content.decode()
    assert 'data-suggestions="/suggestions/for-dashboard/?language=en"' in dashboard
    assert not shown(student)  # nothing is shown until the panel is fetched
    response = client.get("/suggestions/for-dashboard/?language=ar")

    page = response.content.decode()
    assert "English B1" in page and 'id="suggestions-title-dashboard"' in page
    assert "مقترحات لك" in page  # the page's language, which the fetch names
    assert response["Cache-Control"] == "private, no-store"
    [event] = shown(student)
    assert event.properties["place"] == "dashboard"
    assert event.properties["items"] == [{"kind": "next_level", "course": b1.pk}]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "teacher", "partner"])
def test_only_students_get_a_dashboard_panel(client, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get("/suggestions/for-dashboard/")
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403
    assert not Event.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 5])
def test_the_dashboard_runs_a_fixed_number_of_queries(client, student, size, django_assert_max_num_queries):
    for index in range(size):
        EnrollmentFactory(student=student, course=CourseFactory(language="English", level="A1"))
        CourseFactory(title=f"B1 {index}", language="English", level="A2")
    client.force_login(student)
    client.get("/learn/")
    client.get("/suggestions/for-dashboard/")
    with django_assert_max_num_queries(20):
        assert client.get("/learn/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/suggestions/for-dashboard/").status_code == 200


@pytest.mark.django_db
def test_the_completed_course_page_suggests_what_next_and_an_unfinished_one_does_not(client, student, courses):
    a2, _b1 = courses
    enrollment = EnrollmentFactory(student=student, course=a2)
    client.force_login(student)
    assert "What to take next" not in client.get(f"/learn/courses/{a2.slug}/").content.decode()

    Enrollment.objects.filter(pk=enrollment.pk).update(status=Enrollment.Status.COMPLETED)
    page = client.get(f"/learn/courses/{a2.slug}/").content.decode()

    assert "What to take next" in page and "English B1" in page
    assert shown(student)[0].properties["place"] == "course_completed"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "student", "other_student", "teacher", "admin_user"])
def test_anyone_may_follow_a_suggestion_link_and_the_click_is_recorded(client, request, who, courses):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = links.click_url(to="/en/courses/english-b1/", kind="next_level", course_id=courses[1].pk, place="dashboard")

    response = client.get(url)

    assert response.status_code == 302 and response["Location"] == "/en/courses/english-b1/"
    click = Event.objects.get(name="recommendation_clicked")
    assert click.properties == {"kind": "next_level", "course": courses[1].pk, "place": "dashboard"}
    assert client.session["recommendation_clicks"] == [click.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "to", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "http:/x"]
)
def test_a_link_to_another_site_is_refused_even_when_signed(client, to):
    token = signing.dumps({"to": to, "k": "popular", "c": None, "p": "dashboard"}, salt=links.SALT, compress=True)

    response = client.get(f"/suggestions/{token}/")

    assert response.status_code == 400 and "This link does not work" in response.content.decode()
    assert not Event.objects.exists()
    with pytest.raises(ValueError):
        links.click_url(to=to, kind="popular", course_id=None, place="dashboard")


@pytest.mark.django_db
def test_a_forged_or_altered_link_is_refused_and_records_nothing(client, courses):
    url = links.click_url(to="/en/", kind="popular", course_id=courses[0].pk, place="dashboard")

    assert client.get(url.replace("/suggestions/", "/suggestions/x")).status_code == 400
    assert client.get("/suggestions/not-a-token/").status_code == 400
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_purchase_after_a_click_is_recorded_as_bought_once(
    client, student, courses, django_capture_on_commit_callbacks
):
    _a2, b1 = courses
    client.get(links.click_url(to="/en/", kind="next_level", course_id=b1.pk, place="course_page"))  # anonymous
    client.force_login(student)  # the session (and its clicks) survives signing in
    order = checkout.order_for_course(student=student, course=b1, currency="USD", country="")
    with django_capture_on_commit_callbacks(execute=True):
        analytics_request = client.get("/learn/").wsgi_request
        analytics.track("checkout_started", request=analytics_request, order=order.reference)
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.record_payment(
            order=order, gateway="test", reference=f"test_pi_{order.reference}", amount=Money(order.total, "USD")
        )

    [bought] = Event.objects.filter(name="recommendation_bought")
    assert bought.user == student
    assert bought.properties["course"] == b1.pk and bought.properties["order"] == order.reference
    assert bought.properties["kind"] == "next_level" and bought.properties["place"] == "course_page"


@pytest.mark.django_db
def test_a_purchase_without_a_click_records_no_bought_event(student, courses, django_capture_on_commit_callbacks):
    other = UserFactory()
    analytics_click = Event.objects.create(
        name="recommendation_clicked",
        user=other,
        occurred_at=timezone.now(),
        properties={"course": courses[1].pk, "kind": "popular", "place": "dashboard"},
    )
    order = checkout.order_for_course(student=student, course=courses[1], currency="USD", country="")
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.record_payment(
            order=order, gateway="test", reference=f"test_pi_{order.reference}", amount=Money(order.total, "USD")
        )

    assert analytics_click.user == other
    assert not Event.objects.filter(name="recommendation_bought").exists()


@pytest.fixture
def english_package(teacher):
    from tests.scheduling.factories import make_schedule

    from .factories import SessionPackagePriceFactory

    make_schedule(teacher)  # a teacher of English takes bookings
    return SessionPackagePriceFactory(
        package__title="English speaking, 4 sessions", package__language="English", package__sessions=4
    ).package


def _card_link(page: str, kind: str) -> str:
    card = page[page.index(f"suggestion--{kind}") :]
    return re.search(r'href="(/suggestions/[^"]+)"', card).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "headline", "detail"),
    [
        ("en", "Add live speaking sessions", "4 live sessions with a teacher of English"),
        ("ar", "أضف جلسات محادثة مباشرة", "4 جلسات مباشرة مع معلم English"),
    ],
)
def test_a_package_card_is_shown_clicked_and_bought_with_its_package_recorded(
    client, student, english_package, language, headline, detail, django_capture_on_commit_callbacks
):
    EnrollmentFactory(student=student, course=CourseFactory(language="English", level="C2", course_type="recorded"))
    client.force_login(student)
    client.cookies["django_language"] = language

    page = client.get(f"/suggestions/for-dashboard/?language={language}").content.decode()

    assert headline in page and detail in page and "English speaking, 4 sessions" in page
    [event] = shown(student)
    assert {"kind": "live_sessions", "course": None, "package": english_package.pk} in event.properties["items"]
    response = client.get(html.unescape(_card_link(page, "live_sessions")))
    assert response.status_code == 302 and response["Location"] == f"/packages/{english_package.slug}/buy/"
    click = Event.objects.get(name="recommendation_clicked")
    assert click.properties == {
        "kind": "live_sessions",
        "course": None,
        "place": "dashboard",
        "package": english_package.pk,
    }

    order = checkout.order_for(student=student, purchases=[PackageLine(english_package)], currency="USD")
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.record_payment(
            order=order, gateway="test", reference=f"test_pi_{order.reference}", amount=Money(order.total, "USD")
        )

    [bought] = Event.objects.filter(name="recommendation_bought")
    assert bought.properties["package"] == english_package.pk and "course" not in bought.properties
    assert (bought.properties["kind"], bought.properties["click"]) == ("live_sessions", click.pk)


@pytest.mark.django_db
def test_a_suggested_course_bought_inside_a_bundle_is_recorded_as_bought(
    client, student, courses, rates, django_capture_on_commit_callbacks
):
    from commerce.lines import BundleLine
    from commerce.models import BundleItem, BundlePrice

    from .factories import BundleFactory

    _a2, b1 = courses
    bundle = BundleFactory(title="English pack", slug="english-pack")
    BundleItem.objects.create(bundle=bundle, course=b1, position=0)
    BundlePrice.objects.create(bundle=bundle, currency="USD", amount=Decimal("90.00"))
    client.force_login(student)
    client.get(links.click_url(to="/en/", kind="next_level", course_id=b1.pk, place="dashboard"))
    order = checkout.order_for(student=student, purchases=[BundleLine(bundle)], currency="USD")
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.record_payment(
            order=order, gateway="test", reference=f"test_pi_{order.reference}", amount=Money(order.total, "USD")
        )

    [bought] = Event.objects.filter(name="recommendation_bought")
    assert (bought.properties["course"], bought.properties["order"]) == (b1.pk, order.reference)


@pytest.mark.django_db
def test_a_link_naming_a_package_that_is_not_a_number_is_refused(client):
    token = signing.dumps(
        {"to": "/en/", "k": "live_sessions", "c": None, "p": "dashboard", "g": "1 OR 1"}, salt=links.SALT
    )

    assert client.get(f"/suggestions/{token}/").status_code == 400
    assert not Event.objects.exists()
