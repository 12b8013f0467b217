"""Order lines through one interface: several lines in one order, paid, invoiced and refunded without a branch
on their kind; the services import one another in one direction."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from commerce import lines
from commerce.lines import CourseLine
from commerce.models import Invoice, Order
from commerce.services import checkout, fulfilment, refunds
from core.money import Money
from learning.models import Enrollment
from learning.services import has_access

from .factories import CourseFactory, CoursePriceFactory

pytestmark = pytest.mark.django_db

SERVICES = Path(settings.BASE_DIR) / "commerce" / "services"
# Lower modules first: each may import only the ones before it.
LAYERS = [
    "exchange_rates",
    "coupons",
    "account_credit",
    "gifts",
    "invoices",
    "invoice_emails",
    "commissions",
    "payouts",
    "referral_links",
    "refunds",
    "fulfilment",
    "webhooks",
    "checkout",
    "offers",
]


def commerce_imports(path: Path) -> tuple[set[str], list[str]]:
    """The sibling service modules `path` imports, and any import of ours written inside a function."""
    tree = ast.parse(path.read_text())
    siblings, late = set(), []
    top_level = {*tree.body, *(node for block in tree.body if isinstance(block, ast.If) for node in block.body)}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        ours = node.level > 0 or (node.module or "").startswith("commerce")
        if ours and node not in top_level:
            late.append(f"{path.name}:{node.lineno}")
        if node.level == 1 and not node.module:
            siblings |= {alias.name for alias in node.names}
        elif node.level == 1:
            siblings.add(node.module.split(".")[0])
    return siblings, late


def test_the_services_import_one_another_in_one_direction_and_at_the_top():
    for name in LAYERS:
        siblings, late = commerce_imports(SERVICES / f"{name}.py")
        assert not late, f"imports inside functions hide a cycle: {late}"
        allowed = set(LAYERS[: LAYERS.index(name)])
        assert siblings <= allowed, f"{name} imports {siblings - allowed}, which sit above it"
    assert {path.stem for path in SERVICES.glob("*.py")} - {"__init__"} == set(LAYERS)


def test_the_line_kinds_import_only_the_gift_rules_of_the_services():
    for path in (Path(settings.BASE_DIR) / "commerce" / "lines").glob("*.py"):
        _siblings, late = commerce_imports(path)
        tree = ast.parse(path.read_text())
        services = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module == "services"
            for alias in node.names
        }
        assert not late and services <= {"gifts"}, path.name


@pytest.fixture
def second_course(rates, teacher):
    course = CourseFactory(title="Gulf Arabic", slug="gulf-arabic")
    course.teachers.add(teacher)
    CoursePriceFactory(course=course, currency="USD", amount=Decimal("60.00"))
    return course


def test_an_order_holds_several_lines_priced_each_and_totalled_once(student, course, second_course, taxes):
    order = checkout.order_for(
        student=student, purchases=[CourseLine(course), CourseLine(second_course)], currency="USD", country="SA"
    )
    assert [(line.kind, line.course, line.unit_price) for line in order.lines.order_by("pk")] == [
        ("course", course, Decimal("100.00")),
        ("course", second_course, Decimal("60.00")),
    ]
    assert order.total == Decimal("160.00")
    assert order.subtotal + order.tax == order.total
    assert order.cart_key == checkout.cart_key([CourseLine(second_course), CourseLine(course)])
    assert set(order.cart_key.split("+")) == {f"course:{course.pk}", f"course:{second_course.pk}"}


def test_the_same_lines_in_any_order_reuse_the_one_unpaid_order(student, course, second_course):
    first = checkout.order_for(
        student=student, purchases=[CourseLine(course), CourseLine(second_course)], currency="USD"
    )
    again = checkout.order_for(
        student=student, purchases=[CourseLine(second_course), CourseLine(course)], currency="USD"
    )
    alone = checkout.order_for_course(student=student, course=course, currency="USD")
    assert first.pk == again.pk != alone.pk
    assert Order.objects.filter(student=student).count() == 2
    assert again.lines.count() == 2


def test_one_line_the_buyer_may_not_have_refuses_the_whole_order(student, course, second_course):
    fulfilment_order = checkout.order_for_course(student=student, course=second_course, currency="USD")
    fulfilment.record_payment(
        order=fulfilment_order, gateway="test", reference="test_owned", amount=fulfilment_order.total_money
    )
    with pytest.raises(checkout.CheckoutRefused, match="already have access"):
        checkout.order_for(student=student, purchases=[CourseLine(course), CourseLine(second_course)], currency="USD")
    assert not Order.objects.filter(student=student, status=Order.Status.OPEN).exists()


def test_paying_fulfils_every_line_and_invoices_each(student, course, second_course):
    order = checkout.order_for(
        student=student, purchases=[CourseLine(course), CourseLine(second_course)], currency="USD"
    )
    payment = fulfilment.record_payment(order=order, gateway="test", reference="test_two", amount=order.total_money)
    assert has_access(student=student, course=course) and has_access(student=student, course=second_course)
    invoice = Invoice.objects.get(payment=payment)
    assert [line["description"] for line in invoice.lines] == [course.title, second_course.title]
    assert sum(Decimal(line["total"]) for line in invoice.lines) == invoice.total
    assert payment.course == course  # reports read the first line's course


def test_a_full_refund_follows_every_line(student, course, second_course, refund_policy):
    order = checkout.order_for(
        student=student, purchases=[CourseLine(course), CourseLine(second_course)], currency="USD"
    )
    payment = fulfilment.record_payment(order=order, gateway="test", reference="test_two", amount=order.total_money)
    refunds.issue_refund(payment=payment, amount=payment.money, reason="changed mind")
    statuses = set(Enrollment.objects.filter(student=student).values_list("status", flat=True))
    assert statuses == {Enrollment.Status.REFUNDED}


def test_a_stored_line_is_rebuilt_as_its_kind(student, course):
    order = checkout.order_for_course(student=student, course=course, currency="USD")
    kind = lines.for_line(order.lines.get())
    assert isinstance(kind, CourseLine) and kind.course == course and kind.describe() == course.title


def test_nothing_to_buy_is_refused(student):
    with pytest.raises(checkout.CheckoutRefused):
        checkout.order_for(student=student, purchases=[], currency="USD")


class Named(lines.LineKind):
    def __init__(self, name):
        self.name = name

    def key(self):
        return self.name


@given(st.lists(st.text(alphabet="abcdefghij:0123456789", min_size=1, max_size=30), min_size=1, max_size=40))
def test_a_cart_key_fits_its_column_and_ignores_line_order(names):
    purchases = [Named(name) for name in names]
    key = checkout.cart_key(purchases)
    assert len(key) <= Order._meta.get_field("cart_key").max_length
    assert key == checkout.cart_key(list(reversed(purchases)))


def test_money_for_two_lines_is_exact_in_three_decimal_currencies(student, course, second_course):
    order = checkout.order_for(
        student=student, purchases=[CourseLine(course), CourseLine(second_course)], currency="JOD"
    )
    assert Money(order.total, "JOD") == Money(sum(line.unit_price for line in order.lines.all()), "JOD")
