"""A local stand-in for the parts of Stripe's API that commerce calls, and a webhook signer."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, parse_qsl, urlparse


class StripeStandIn:
    def __init__(self):
        self.requests: list[dict] = []
        self.sessions: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.by_idempotency_key: dict[str, dict] = {}
        self.lock = threading.Lock()
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", "req_standin")
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                path = urlparse(self.path).path
                standin.requests.append({"method": "GET", "path": path, "headers": dict(self.headers)})
                if path == "/v1/refunds":
                    intent = parse_qs(urlparse(self.path).query).get("payment_intent", [""])[0]
                    listed = [r for r in standin.refunds.values() if r["payment_intent"] == intent]
                    return self._reply(200, {"object": "list", "url": path, "has_more": False, "data": listed})
                if path.startswith("/v1/checkout/sessions/"):
                    session = standin.sessions.get(path.rsplit("/", 1)[1])
                    if session:
                        return self._reply(200, session)
                return self._reply(404, {"error": {"type": "invalid_request_error", "message": "No such object"}})

            def do_POST(self):
                path = urlparse(self.path).path
                length = int(self.headers.get("Content-Length", 0))
                form = dict(parse_qsl(self.rfile.read(length).decode()))
                record = {"method": "POST", "path": path, "headers": dict(self.headers), "form": form}
                standin.requests.append(record)
                key = self.headers.get("Idempotency-Key")
                with standin.lock:
                    if key and key in standin.by_idempotency_key:
                        return self._reply(200, standin.by_idempotency_key[key])
                    if path == "/v1/checkout/sessions":
                        body = standin._create_session(form)
                    elif path == "/v1/refunds":
                        body = standin._create_refund(form)
                    else:
                        return self._reply(404, {"error": {"type": "invalid_request_error", "message": path}})
                    if key:
                        standin.by_idempotency_key[key] = body
                return self._reply(200, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def posts(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == "POST" and r["path"] == path]

    def _create_session(self, form: dict) -> dict:
        session_id = f"cs_test_{len(self.sessions) + 1:04d}"
        session = {
            "id": session_id,
            "object": "checkout.session",
            "url": f"https://checkout.stripe.test/pay/{session_id}",
            "status": "open",
            "payment_status": "unpaid",
            "payment_intent": None,
            "amount_total": int(form["line_items[0][price_data][unit_amount]"]),
            "currency": form["line_items[0][price_data][currency]"],
            "client_reference_id": form.get("client_reference_id"),
            "metadata": {"order": form.get("metadata[order]"), "attempt": form.get("metadata[attempt]")},
        }
        self.sessions[session_id] = session
        return session

    def _create_refund(self, form: dict) -> dict:
        refund_id = f"re_test_{len(self.refunds) + 1:04d}"
        refund = {
            "id": refund_id,
            "object": "refund",
            "amount": int(form["amount"]),
            "currency": form.get("currency")
            or next(
                (s["currency"] for s in self.sessions.values() if s["payment_intent"] == form["payment_intent"]), "usd"
            ),
            "payment_intent": form["payment_intent"],
            "status": "succeeded",
        }
        self.refunds[refund_id] = refund
        return refund

    def dashboard_refund(self, *, payment_intent: str, amount: int, currency: str) -> dict:
        """A refund made in Stripe's dashboard: Stripe knows it, Fluentory has not been told."""
        return self._create_refund({"payment_intent": payment_intent, "amount": str(amount), "currency": currency})

    def complete(self, session_id: str, payment_intent: str) -> dict:
        session = self.sessions[session_id]
        session.update(status="complete", payment_status="paid", payment_intent=payment_intent)
        return session


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def event(event_id: str, type_: str, obj: dict) -> bytes:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": type_,
            "api_version": "2025-01-27",
            "created": int(time.time()),
            "data": {"object": obj},
        }
    ).encode()
