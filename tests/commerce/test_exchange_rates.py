import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from commerce import pricing, tasks
from commerce.models import ExchangeRate
from commerce.services import exchange_rates

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    answer = {
        "body": {
            "result": "success",
            "base_code": "USD",
            "rates": {"EUR": 0.9, "SAR": 3.75, "GBP": 0.8, "AED": 3.6725, "JOD": 0.709, "XYZ": 1},
        }
    }

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            data = json.dumps(answer["body"]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    answer["url"] = f"http://127.0.0.1:{server.server_address[1]}/latest/USD"
    yield answer
    server.shutdown()
    server.server_close()


def test_the_task_stores_changed_rates_and_keeps_history(settings, provider, rates):
    settings.COMMERCE_EXCHANGE_RATE_URL = provider["url"]
    assert tasks.refresh_exchange_rates.delay().get() == 2  # EUR and GBP changed; the others did not
    assert pricing.current_rates()["EUR"] == Decimal("0.9")
    assert ExchangeRate.objects.filter(currency="EUR").count() == 2
    assert ExchangeRate.objects.filter(source="provider").count() == 2
    assert not ExchangeRate.objects.filter(currency="XYZ").exists()
    assert exchange_rates.refresh_from_provider() == 0  # nothing changed since


def test_without_a_provider_rates_are_admin_only(settings):
    settings.COMMERCE_EXCHANGE_RATE_URL = ""
    assert exchange_rates.refresh_from_provider() == 0


def test_a_broken_provider_changes_nothing(settings, provider, rates):
    provider["body"] = {"error": "quota"}
    settings.COMMERCE_EXCHANGE_RATE_URL = provider["url"]
    with pytest.raises(exchange_rates.ProviderError):
        exchange_rates.refresh_from_provider()
    assert not ExchangeRate.objects.filter(source="provider").exists()


def test_rates_are_positive_and_for_offered_currencies(db):
    with pytest.raises(ValueError):
        exchange_rates.set_rate(currency="SAR", rate=Decimal("0"))
    with pytest.raises(ValueError):
        exchange_rates.set_rate(currency="XYZ", rate=Decimal("1"))
