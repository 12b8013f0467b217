"""The Commerce admin screens for bundles (courses, packages, prices and translations edited together) and add-on
offers."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from commerce.models import AddOnOffer, Bundle, BundleItem, BundlePrice

from .factories import AddOnOfferFactory, BundleFactory, CourseFactory, SessionPackageFactory

pytestmark = pytest.mark.django_db


def inline(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{field}": value for field, value in row.items()})
        data.setdefault(f"{prefix}-{index}-id", "")
        data.setdefault(f"{prefix}-{index}-ORDER", index + 1)
        data.setdefault(f"{prefix}-{index}-DELETE", "")
    return data


def bundle_form(courses, prices, *, packages=(), **fields) -> dict:
    items = [{"course": course.pk} for course in courses] + [{"package": package.pk} for package in packages]
    return {
        "title": "Starter pack",
        "slug": "starter-pack",
        "summary": "",
        "active": "on",
        **fields,
        **inline("items", items),
        **inline("prices", [{"currency": currency, "amount": amount} for currency, amount in prices]),
    }


def errors_of(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(node.get_text(" ", strip=True) for node in soup.select(".error-message, .messages, .help-critical"))


@pytest.fixture
def courses(db):
    return [CourseFactory(title=title) for title in ("Letters", "Grammar", "Speaking")]


def test_an_admin_creates_a_bundle_with_its_courses_in_order_and_its_prices(client, admin_user, courses):
    client.force_login(admin_user)
    form_page = client.get(reverse("commerce_bundles:add"))
    assert form_page.status_code == 200 and "Courses" in form_page.content.decode()
    speaking, letters = courses[2], courses[0]
    response = client.post(
        reverse("commerce_bundles:add"),
        bundle_form([speaking, letters], [("USD", "120.00"), ("JOD", "85.250")]),
    )
    assert response.status_code == 302, errors_of(response)
    bundle = Bundle.objects.get(slug="starter-pack")
    assert [item.course for item in bundle.items.all()] == [speaking, letters]
    assert dict(bundle.prices.values_list("currency", "amount")) == {
        "USD": Decimal("120.00"),
        "JOD": Decimal("85.250"),
    }
    assert client.get(reverse("commerce_bundles:edit", args=[bundle.pk])).status_code == 200
    listing = client.get(reverse("commerce_bundles:index"))
    row = BeautifulSoup(listing.content, "html.parser").select_one("tbody tr").get_text(" ", strip=True)
    assert "Starter pack" in row and "2" in row and "$120.00" in row


def test_the_bundle_list_runs_a_fixed_number_of_queries(client, admin_user, courses, django_assert_max_num_queries):
    for index in range(15):
        bundle = BundleFactory()
        for course in courses:
            BundleItem.objects.create(bundle=bundle, course=course)
        BundlePrice.objects.create(bundle=bundle, currency="USD", amount=Decimal(50 + index))
    client.force_login(admin_user)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("commerce_bundles:index"))
    assert response.content.decode().count("$5") == 10  # $50.00 … $59.00


@pytest.mark.parametrize(
    ("picked", "prices", "message"),
    [
        ([0], [("USD", "50.00")], "at least two items"),
        ([0, 0], [("USD", "50.00")], "duplicate data for bundle and course"),
        ([0, 1], [("USD", "0")], "more than zero"),
        ([0, 1], [("USD", "-5")], "more than zero"),
        ([0, 1], [("USD", "10.005")], "steps of 0.01"),
        ([0, 1], [("JOD", "10.005")], "steps of 0.010"),
        ([0, 1], [("USD", "0.20")], "start at"),
        ([0, 1], [("USD", "50.00"), ("USD", "60.00")], "duplicate data for bundle and currency"),
        ([0, 1], [("EUR", "50.00")], "price in USD"),
        ([0, 1], [("XXX", "50.00"), ("USD", "50.00")], "This currency is not offered"),
        ([0, 1], [("USD", "lots")], "Enter a number"),
    ],
)
def test_a_bad_bundle_is_refused_with_a_reason_and_nothing_is_saved(
    client, admin_user, courses, picked, prices, message
):
    client.force_login(admin_user)
    response = client.post(reverse("commerce_bundles:add"), bundle_form([courses[i] for i in picked], prices))
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not Bundle.objects.exists() and not BundleItem.objects.exists() and not BundlePrice.objects.exists()


def test_an_admin_puts_a_session_package_in_a_bundle_with_an_arabic_title(client, admin_user, courses):
    package = SessionPackageFactory(title="Five sessions")
    client.force_login(admin_user)
    assert "Session package" in client.get(reverse("commerce_bundles:add")).content.decode()
    response = client.post(
        reverse("commerce_bundles:add"),
        bundle_form(
            [courses[0]],
            [("USD", "90.00")],
            packages=[package],
            title_ar="باقة البداية",
            summary_ar="دورة وخمس جلسات",
        ),
    )
    assert response.status_code == 302, errors_of(response)
    bundle = Bundle.objects.get(slug="starter-pack")
    assert [item.item for item in bundle.items.all()] == [courses[0], package]
    assert (
        bundle.in_language("title", "ar") == "باقة البداية" and bundle.in_language("summary", "ar") == "دورة وخمس جلسات"
    )
    assert bundle.in_language("title", "en") == "Starter pack" and bundle.in_language("summary", "en") == ""


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("both", "not both"),
        ("packages only", "at least one course"),
    ],
)
def test_a_bad_bundle_item_is_refused(client, admin_user, courses, rows, message):
    packages = [SessionPackageFactory(), SessionPackageFactory()]
    form = bundle_form(courses[:2], [("USD", "90.00")])
    if rows == "both":
        form["items-0-package"] = packages[0].pk
    elif rows == "packages only":
        form = bundle_form([], [("USD", "90.00")], packages=packages)
    client.force_login(admin_user)
    response = client.post(reverse("commerce_bundles:add"), form)
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not Bundle.objects.exists() and not BundleItem.objects.exists()


def test_removing_a_course_below_two_is_refused(client, admin_user, courses):
    bundle = BundleFactory()
    items = [BundleItem.objects.create(bundle=bundle, course=course) for course in courses[:2]]
    price = BundlePrice.objects.create(bundle=bundle, currency="USD", amount=Decimal("80.00"))
    client.force_login(admin_user)
    data = {
        "title": bundle.title,
        "slug": bundle.slug,
        "active": "on",
        **inline(
            "items",
            [{"id": items[0].pk, "course": courses[0].pk}, {"id": items[1].pk, "course": courses[1].pk, "DELETE": "1"}],
            initial=2,
        ),
        **inline("prices", [{"id": price.pk, "currency": "USD", "amount": "80.00"}], initial=1),
    }
    response = client.post(reverse("commerce_bundles:edit", args=[bundle.pk]), data)
    assert response.status_code == 200 and "at least two items" in errors_of(response)
    assert bundle.items.count() == 2


def test_an_admin_sets_up_an_order_bump_and_bad_offers_are_refused(client, admin_user, courses):
    letters, grammar, _speaking = courses
    client.force_login(admin_user)
    url = reverse("commerce_add_on_offers:add")
    offer = {"placement": "bump", "course": letters.pk, "add_on": grammar.pk, "percent_off": 25, "headline": ""}
    assert client.post(url, {**offer, "active": "on"}).status_code == 302
    refused = [
        ({**offer, "add_on": letters.pk}, "Offer another course"),
        ({**offer, "percent_off": 95}, "less than or equal to 90"),
        ({**offer, "percent_off": -1}, "greater than or equal to 0"),
        ({**offer, "placement": "popup"}, "not one of the available choices"),
        ({**offer, "active": "on"}, "already has an active offer in this place"),
    ]
    for data, message in refused:
        response = client.post(url, data)
        assert response.status_code == 200 and message in errors_of(response), (data, errors_of(response))
    assert AddOnOffer.objects.count() == 1
    assert client.post(url, {**offer, "placement": "upsell", "active": "on"}).status_code == 302


@pytest.mark.parametrize("role", ["student", "teacher", "partner"])
def test_only_admins_reach_bundles_and_offers(client, request, role, courses):
    bundle = BundleFactory(title="Hidden pack")
    offer = AddOnOfferFactory(course=courses[0], add_on=courses[1])
    client.force_login(request.getfixturevalue(role))
    for url in (
        reverse("commerce_bundles:index"),
        reverse("commerce_bundles:add"),
        reverse("commerce_bundles:edit", args=[bundle.pk]),
        reverse("commerce_add_on_offers:index"),
        reverse("commerce_add_on_offers:edit", args=[offer.pk]),
    ):
        response = client.get(url)
        assert response.status_code in {302, 403}
        assert "Hidden pack" not in response.content.decode()
    response = client.post(reverse("commerce_bundles:add"), bundle_form(courses[:2], [("USD", "50.00")]))
    assert response.status_code in {302, 403} and Bundle.objects.count() == 1


def test_the_commerce_menu_lists_bundles_and_offers(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("commerce_bundles:index") in page and reverse("commerce_add_on_offers:index") in page
