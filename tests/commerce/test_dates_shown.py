"""Order dates read day before month in both languages (see fluentory/formats)."""

from datetime import UTC, datetime

import pytest

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 3, 7, 14, 5, tzinfo=UTC)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_purchases_show_the_order_date_day_first(client, paid_order, student, language):
    type(paid_order).objects.filter(pk=paid_order.pk).update(created_at=WHEN)
    client.force_login(student)
    html = client.get("/learn/purchases/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert "<td>07/03/2026</td>" in html
    assert "03/07/2026" not in html
