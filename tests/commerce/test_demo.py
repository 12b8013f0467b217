import pytest
from django.core.management import call_command

from commerce.models import CoursePrice, ExchangeRate, Invoice, Order, RefundPolicy, TaxRate

from .factories import CourseFactory


@pytest.mark.django_db
def test_seed_demo_prices_the_courses_and_is_idempotent(django_capture_on_commit_callbacks):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    CourseFactory.create_batch(2)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=False):
            call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ExchangeRate.objects.count() == 5
    assert TaxRate.objects.count() == 2 and RefundPolicy.objects.count() == 2
    assert CoursePrice.objects.filter(currency="USD").count() == 2
    assert Order.objects.filter(status="paid").count() == 1
    assert Invoice.objects.count() == 1
