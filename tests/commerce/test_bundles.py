"""Bundles: priced per buyer, fulfilled item by item (courses and session packages), refunded under each item's own
policy."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from commerce import policy
from commerce.amounts import charge_quantum
from commerce.bundle_pricing import CREDIT, EXCLUDE, allocate, buyer_price
from commerce.lines import BundleLine
from commerce.models import BundleItem, BundlePrice, Invoice, Order, RefundPolicy
from commerce.services import checkout, fulfilment, refunds
from core.money import Money
from learning.models import Enrollment
from learning.services import enroll, has_access
from scheduling.models import CreditLot
from scheduling.services import credits

from .factories import (
    BundleFactory,
    CourseFactory,
    CoursePriceFactory,
    RefundPolicyFactory,
    SessionPackageFactory,
    SessionPackagePriceFactory,
)
from .test_checkout import use_currency

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundle(rates, teacher):
    bundle = BundleFactory(title="Arabic starter pack", slug="arabic-starter")
    for position, (title, price) in enumerate([("Letters", "60.00"), ("Grammar", "40.00"), ("Speaking", "100.00")]):
        course = CourseFactory(title=title)
        course.teachers.add(teacher)
        CoursePriceFactory(course=course, currency="USD", amount=Decimal(price))
        BundleItem.objects.create(bundle=bundle, course=course, position=position)
    BundlePrice.objects.create(bundle=bundle, currency="USD", amount=Decimal("150.00"))
    return bundle


def courses_of(bundle):
    return [item.course for item in bundle.items.select_related("course") if item.course_id]


def pay(order):
    return fulfilment.record_payment(
        order=order, gateway="test", reference=f"test_pi_{order.reference}", amount=order.total_money
    )


def test_buying_a_bundle_enrolls_in_every_course_and_invoices_its_price(student, bundle):
    order = checkout.order_for(student=student, purchases=[BundleLine(bundle)], currency="USD")
    assert order.total == Decimal("150.00")
    payment = pay(order)
    pay(order)  # a replayed capture changes nothing
    assert all(has_access(student=student, course=course) for course in courses_of(bundle))
    assert Enrollment.objects.filter(student=student).count() == 3
    invoice = Invoice.objects.get(payment=payment)
    assert invoice.total == order.total == payment.amount
    line = order.lines.get()
    assert sum(Decimal(part["share"]) for part in line.parts) == line.unit_price


def test_owned_courses_are_left_out_of_the_price_pro_rata(student, bundle):
    letters, grammar, speaking = courses_of(bundle)
    enroll(student=student, course=speaking, source=Enrollment.Source.PURCHASE)
    order = checkout.order_for(student=student, purchases=[BundleLine(bundle)], currency="USD")
    # 150 * (60 + 40) / 200
    assert order.total == Decimal("75.00")
    assert {int(part["course"]) for part in order.lines.get().parts} == {letters.pk, grammar.pk}


def test_a_buyer_owning_every_course_is_told_before_paying(student, bundle):
    for course in courses_of(bundle):
        enroll(student=student, course=course, source=Enrollment.Source.PURCHASE)
    with pytest.raises(checkout.CheckoutRefused, match="every course"):
        checkout.order_for(student=student, purchases=[BundleLine(bundle)], currency="USD")
    assert not Order.objects.exists()


def test_credit_mode_takes_owned_courses_separate_prices_off(student, bundle, settings):
    settings.COMMERCE_BUNDLE_OWNED_COURSES = CREDIT
    enroll(student=student, course=courses_of(bundle)[1], source=Enrollment.Source.PURCHASE)  # Grammar, 40
    order = checkout.order_for(student=student, purchases=[BundleLine(bundle)], currency="USD")
    assert order.total == Decimal("110.00")


def test_a_bundle_price_is_derived_in_other_currencies(student, bundle):
    order = checkout.order_for(student=student, purchases=[BundleLine(bundle)], currency="SAR")
    assert order.total == Decimal("565.00")  # 150 * 3.75 = 562.5, to the nearest 5 SAR


def test_refunds_follow_each_courses_policy(student, bundle, admin_user):
    letters, grammar, speaking = courses_of(bundle)
    RefundPolicyFactory(name="Default", revoke_access=RefundPolicy.Revoke.NEVER)
    RefundPolicyFactory(name="Letters", course=letters, revoke_access=RefundPolicy.Revoke.ALWAYS)
    RefundPolicyFactory(name="Speaking", course=speaking, window_days=0)
    order = checkout.order_for(student=student, purchases=[BundleLine(bundle)], currency="USD")
    payment = pay(order)
    decision = policy.evaluate(payment=payment, at=timezone.now() + timezone.timedelta(days=3))
    # Letters 45 and Grammar 30 are refundable; Speaking's window has closed.
    assert decision.allowed and decision.amount == Money(Decimal("75.00"), "USD")
    refunds.issue_refund(payment=payment, amount=decision.amount, reason="Changed my mind", actor=admin_user)
    assert not has_access(student=student, course=letters)  # its policy revokes on any refund
    assert has_access(student=student, course=grammar)  # the default never revokes
    assert has_access(student=student, course=speaking)


def test_anyone_sees_the_bundle_page_with_its_saving(client, bundle, django_assert_max_num_queries):
    use_currency(client, "USD")
    with django_assert_max_num_queries(25):
        response = client.get(reverse("commerce:bundle-detail", args=[bundle.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "$200.00" in page and "$150.00" in page and "$50.00" in page
    assert client.get(reverse("commerce:bundles")).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "teacher", "admin"])
def test_only_students_buy_a_bundle(client, bundle, who, teacher, admin_user):
    if who != "anonymous":
        client.force_login(teacher if who == "teacher" else admin_user)
    response = client.post(reverse("commerce:bundle-detail", args=[bundle.slug]), {"gateway": "test"})
    assert response.status_code == (302 if who == "anonymous" else 403)
    if who == "anonymous":
        assert "login" in response["Location"]
    assert not Order.objects.exists()


def test_a_student_buys_a_bundle_through_the_test_gateway(client, student, bundle):
    client.force_login(student)
    use_currency(client, "USD")
    response = client.post(reverse("commerce:bundle-detail", args=[bundle.slug]), {"gateway": "test", "country": ""})
    assert response.status_code == 302
    client.post(response["Location"], {"outcome": "success"})
    assert Enrollment.objects.filter(student=student).count() == 3


def test_bad_input_on_the_bundle_page_changes_nothing(client, student, bundle):
    client.force_login(student)
    response = client.post(reverse("commerce:bundle-detail", args=[bundle.slug]), {"gateway": "bitcoin"})
    assert response.status_code == 400
    assert client.get(reverse("commerce:bundle-detail", args=["no-such-bundle"]), follow=True).status_code == 404
    assert not Order.objects.exists()


def test_an_inactive_bundle_is_not_sold(student, bundle):
    bundle.active = False
    bundle.save()
    with pytest.raises(checkout.CheckoutRefused):
        checkout.order_for(student=student, purchases=[BundleLine(bundle)], currency="USD")


CURRENCIES = st.sampled_from(["USD", "EUR", "SAR", "AED", "JOD", "GBP"])


@hypothesis_settings(max_examples=200, deadline=None)
@given(
    currency=CURRENCIES,
    bundle_steps=st.integers(min_value=50, max_value=10_000_000),
    separate_steps=st.lists(st.integers(min_value=0, max_value=10_000_000), min_size=1, max_size=6),
    owned_mask=st.lists(st.booleans(), min_size=6, max_size=6),
    mode=st.sampled_from([EXCLUDE, CREDIT]),
)
def test_a_bundle_price_is_never_negative_in_minor_units_and_its_shares_add_up(
    currency, bundle_steps, separate_steps, owned_mask, mode
):
    step = charge_quantum(currency)
    separate = {index: Decimal(steps) * step for index, steps in enumerate(separate_steps)}
    owned = frozenset(index for index in separate if owned_mask[index])
    price, shares = buyer_price(
        bundle_amount=Decimal(bundle_steps) * step, separate=separate, owned=owned, currency=currency, mode=mode
    )
    assert price >= 0
    assert price % step == 0
    assert sum(shares.values(), start=Decimal(0)) == price
    assert all(share >= 0 and share % step == 0 for share in shares.values())
    assert set(shares) == set(separate) - owned
    wanted = sum((amount for index, amount in separate.items() if index not in owned), start=Decimal(0))
    if wanted > 0:
        assert price <= wanted  # never dearer than buying the courses one by one


@given(
    currency=CURRENCIES,
    total_steps=st.integers(min_value=0, max_value=10_000_000),
    weights=st.lists(st.integers(min_value=0, max_value=1_000_000), min_size=1, max_size=8),
)
def test_allocation_splits_exactly(currency, total_steps, weights):
    step = charge_quantum(currency)
    parts = allocate(Decimal(total_steps) * step, [(i, Decimal(w)) for i, w in enumerate(weights)], currency)
    assert sum(parts.values(), start=Decimal(0)) == Decimal(total_steps) * step
    assert all(part >= 0 for part in parts.values())


def test_the_bundle_list_runs_the_same_queries_for_one_bundle_as_for_a_full_page(
    client, student, bundle, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(student)
    use_currency(client, "SAR")  # derived prices: the exchange rates are read too
    enroll(student=student, course=courses_of(bundle)[0], source=Enrollment.Source.PURCHASE)
    url = reverse("commerce:bundles")
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for index in range(14):
        more = BundleFactory()
        for course in courses_of(bundle)[: 2 + index % 2]:
            BundleItem.objects.create(bundle=more, course=course)
        BundlePrice.objects.create(bundle=more, currency="USD", amount=Decimal(100 + index))
    with django_assert_max_num_queries(len(one)):
        page = client.get(url).content.decode()
    assert page.count('class="card catalogue__item"') == 12 and "?page=2" in page


@pytest.fixture
def package():
    package = SessionPackageFactory(title="Five live sessions", sessions=5, validity_days=90)
    SessionPackagePriceFactory(package=package, currency="USD", amount=Decimal("100.00"))
    return package


@pytest.fixture
def bundle_with_package(bundle, package):
    BundleItem.objects.create(bundle=bundle, package=package, position=3)
    BundlePrice.objects.filter(bundle=bundle, currency="USD").update(amount=Decimal("240.00"))
    return bundle


def test_a_bundle_with_a_package_enrolls_in_every_course_and_grants_the_packages_credits(
    student, bundle_with_package, package
):
    order = checkout.order_for(student=student, purchases=[BundleLine(bundle_with_package)], currency="USD")
    assert order.total == Decimal("240.00")
    line = order.lines.get()
    assert {"package": package.pk, "share": "80.00"} in line.parts  # 100 of 300 separately: a third of 240
    payment = pay(order)
    pay(order)  # a replayed capture grants nothing twice
    assert all(has_access(student=student, course=course) for course in courses_of(bundle_with_package))
    lot = CreditLot.objects.get(student=student)
    assert (lot.quantity, lot.remaining) == (5, 5)
    assert lot.expires_at == payment.captured_at + timezone.timedelta(days=90)
    assert credits.balance(student=student) == 5
    assert Invoice.objects.get(payment=payment).total == Decimal("240.00")


def test_owned_courses_are_left_out_but_a_package_never_counts_as_owned(student, bundle_with_package, package):
    letters = courses_of(bundle_with_package)[0]
    enroll(student=student, course=letters, source=Enrollment.Source.ADMIN)
    first = checkout.order_for(student=student, purchases=[BundleLine(bundle_with_package)], currency="USD")
    assert first.total == Decimal("192.00")  # 240 * 240 / 300: Letters' 60 left out pro rata
    assert {next(key for key in part if key != "share") for part in first.lines.get().parts} == {"course", "package"}
    pay(first)
    again = checkout.order_for(student=student, purchases=[BundleLine(bundle_with_package)], currency="USD")
    assert again.total == Decimal("80.00")  # every course owned: only the package is left, at its share
    pay(again)
    assert credits.balance(student=student) == 10


def test_a_bundle_refund_pays_back_only_the_packages_unused_sessions_and_takes_them_back(
    student, bundle_with_package, admin_user
):
    RefundPolicyFactory(name="Default", revoke_access=RefundPolicy.Revoke.NEVER)
    payment = pay(checkout.order_for(student=student, purchases=[BundleLine(bundle_with_package)], currency="USD"))
    CreditLot.objects.filter(student=student).update(remaining=2)  # three of the five sessions booked
    decision = policy.evaluate(payment=payment)
    # The courses' 160 in full; of the package's 80, the two unused fifths.
    assert decision.amount == Money(Decimal("192.00"), "USD")
    assert "Used sessions are not refundable" in decision.reason
    refunds.issue_refund(payment=payment, amount=decision.amount, reason="Moving", actor=admin_user)
    assert CreditLot.objects.get(student=student).remaining == 0
    assert all(has_access(student=student, course=course) for course in courses_of(bundle_with_package))


def test_the_bundle_page_lists_the_package_and_shows_the_arabic_title_in_arabic(client, bundle_with_package, settings):
    bundle_with_package.save_translation("ar", title="باقة البداية")
    use_currency(client, "USD")
    english = client.get(reverse("commerce:bundle-detail", args=[bundle_with_package.slug])).content.decode()
    assert "Five live sessions" in english and "5 live sessions, to book within 90 days" in english
    assert "$300.00" in english and "$240.00" in english and "$60.00" in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    arabic = client.get(reverse("commerce:bundle-detail", args=[bundle_with_package.slug])).content.decode()
    assert "باقة البداية" in arabic and 'dir="rtl"' in arabic


def test_a_student_with_account_credit_sees_it_taken_off_the_bundle_before_paying(client, student, bundle):
    from commerce.models import AccountCreditEntry

    AccountCreditEntry.objects.create(student=student, currency="USD", amount=Decimal("40.00"), kind="gift")
    url = reverse("commerce:bundle-detail", args=["arabic-starter"])
    client.force_login(student)
    page = client.get(url).content.decode()
    assert "data-account-credit" in page and "40.00" in page and "110.00" in page
    client.logout()
    assert "data-account-credit" not in client.get(url).content.decode()
