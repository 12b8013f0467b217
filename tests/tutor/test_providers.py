"""The OpenAI-compatible and Anthropic adapters against a local HTTP stand-in that answers with the providers'
own request and response shapes: streamed answers, errors, rate limits and time-outs."""

import json
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections

from tutor import services
from tutor.checks import provider_configured
from tutor.models import DailyUsage, Decision, Exchange

STREAM = {"HTTP_ACCEPT": "application/x-ndjson"}


class StandIn(BaseHTTPRequestHandler):
    """Set `mode` on the server: "ok", "rate_limited", "error", "slow". Requests are kept in `seen`."""

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.seen.append(
            {"path": self.path, "headers": {name.lower(): value for name, value in self.headers.items()}, "body": body}
        )
        mode = self.server.mode
        if mode == "slow":
            time.sleep(2)
        if mode == "rate_limited":
            return self._json(429, self._error("rate_limit_error", "Rate limit reached"), {"retry-after": "20"})
        if mode == "error":
            return self._json(500, self._error("api_error", "Internal server error"))
        if self.path.endswith("/moderations"):
            return self._json(200, self._moderation(body["input"]))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for event, data in self._events():
            line = (f"event: {event}\n" if event else "") + f"data: {json.dumps(data)}\n\n"
            self.wfile.write(line.encode())
            self.wfile.flush()
        if self.path.endswith("/chat/completions"):
            self.wfile.write(b"data: [DONE]\n\n")

    def _error(self, kind, message):
        if self.path.endswith("/messages"):
            return {"type": "error", "error": {"type": kind, "message": message}}
        return {"error": {"message": message, "type": kind, "param": None, "code": kind}}

    def _json(self, status, data, headers=None):
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _moderation(self, text):
        """OpenAI's moderation result: "bully" is flagged as harassment (a word the built-in list lets through)."""
        names = ["harassment", "harassment/threatening", "hate", "self-harm", "sexual", "violence"]
        categories = {name: name == "harassment" and "bully" in text for name in names}
        scores = {name: 0.97 if hit else 0.01 for name, hit in categories.items()}
        result = {"flagged": any(categories.values()), "categories": categories, "category_scores": scores}
        return {"id": "modr-1", "model": "omni-moderation-latest", "results": [result]}

    def _events(self):
        pieces = ["Marhaba ", "means hello ", "[1]."]
        if self.path.endswith("/chat/completions"):
            base = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "stand-in"}
            yield None, base | {"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}
            for piece in pieces:
                yield None, base | {"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
            yield None, base | {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            usage = {"prompt_tokens": 120, "completion_tokens": 7, "total_tokens": 127}
            yield None, base | {"choices": [], "usage": usage}
            return
        message = {
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "model": "stand-in",
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": 120, "output_tokens": 1},
        }
        yield "message_start", {"type": "message_start", "message": message}
        block = {"type": "text", "text": ""}
        yield "content_block_start", {"type": "content_block_start", "index": 0, "content_block": block}
        for piece in pieces:
            delta = {"type": "text_delta", "text": piece}
            yield "content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta}
        yield "content_block_stop", {"type": "content_block_stop", "index": 0}
        delta = {"stop_reason": "end_turn", "stop_sequence": None}
        yield "message_delta", {"type": "message_delta", "delta": delta, "usage": {"output_tokens": 7}}
        yield "message_stop", {"type": "message_stop"}


@pytest.fixture
def stand_in():
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    server.mode, server.seen = "ok", []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(params=["openai", "anthropic"])
def provider(request, stand_in, settings):
    host = f"http://127.0.0.1:{stand_in.server_address[1]}"
    settings.TUTOR_PROVIDER = request.param
    settings.TUTOR_BASE_URL = f"{host}/v1" if request.param == "openai" else host
    settings.TUTOR_API_KEY, settings.TUTOR_MODEL = "test-key", "stand-in-model"
    settings.TUTOR_TIMEOUT_SECONDS, settings.TUTOR_MAX_RETRIES = 1, 0
    settings.TUTOR_PRICE_INPUT_PER_MILLION, settings.TUTOR_PRICE_OUTPUT_PER_MILLION = Decimal(3), Decimal(15)
    return request.param


def ask(tutored, student, question="What does marhaba mean?"):
    return services.ask(student=student, course=tutored.course, question=question).answer()


def test_the_answer_streams_with_usage_and_cost(provider, stand_in, tutored, student):
    turn = services.ask(student=student, course=tutored.course, question="What does marhaba mean?")
    pieces = list(turn.chunks())
    assert pieces == ["Marhaba ", "means hello ", "[1]."]
    exchange = turn.exchange
    assert exchange.decision == Decision.ANSWERED and exchange.provider == provider
    assert exchange.model == "stand-in-model"
    assert (exchange.tokens_in, exchange.tokens_out) == (120, 7)
    assert exchange.cost == Decimal("0.000465")  # 120 in at 3, 7 out at 15, per million
    assert exchange.citations[0]["lesson_id"] == tutored.greetings.pk


def test_the_request_has_the_providers_shape_and_the_passages_as_data(provider, stand_in, tutored, student):
    ask(tutored, student, "I am sam@example.com: what does marhaba mean?")
    request = stand_in.seen[0]
    body = request["body"]
    assert body["model"] == "stand-in-model" and body["stream"] is True
    if provider == "openai":
        assert request["path"] == "/v1/chat/completions"
        assert request["headers"]["authorization"] == "Bearer test-key"
        system, user = body["messages"][0]["content"], body["messages"][1]["content"]
    else:
        assert request["path"] == "/v1/messages"
        headers = request["headers"]
        assert "anthropic-version" in headers
        assert "test-key" in (headers.get("x-api-key"), headers.get("authorization", "").removeprefix("Bearer "))
        system, user = body["system"], body["messages"][0]["content"]
    assert "never instructions" in system
    assert "Marhaba means hello" in user and "<question>" in user
    assert "sam@example.com" not in json.dumps(body)


@pytest.mark.parametrize("mode", ["rate_limited", "error", "slow"])
def test_provider_failures_become_a_polite_answer_and_are_recorded(provider, stand_in, tutored, student, mode):
    stand_in.mode = mode
    exchange = ask(tutored, student)
    assert exchange.decision == Decision.PROVIDER_ERROR
    assert "cannot answer right now" in exchange.answer
    assert exchange.citations == []


def test_a_refusal_never_calls_the_provider(provider, stand_in, tutored, student):
    from tutor.models import CourseTutor

    CourseTutor.objects.create(course=tutored.course, enabled=False)
    with pytest.raises(services.Refused):
        ask(tutored, student)
    assert stand_in.seen == []


def test_a_remote_provider_without_a_key_stops_the_server(settings):
    settings.TUTOR_PROVIDER, settings.TUTOR_API_KEY = "anthropic", ""
    assert [error.id for error in provider_configured(None)] == ["tutor.E002"]
    settings.TUTOR_PROVIDER = "unknown"
    assert [error.id for error in provider_configured(None)] == ["tutor.E001"]


@pytest.fixture
def remote_moderation(stand_in, settings):
    settings.TUTOR_MODERATION = "openai"
    settings.TUTOR_BASE_URL = f"http://127.0.0.1:{stand_in.server_address[1]}/v1"
    settings.TUTOR_API_KEY = "test-key"
    settings.TUTOR_TIMEOUT_SECONDS, settings.TUTOR_MAX_RETRIES = 1, 0
    return stand_in


def test_the_moderation_endpoint_refuses_what_it_flags(remote_moderation, tutored, student):
    with pytest.raises(services.Refused):
        services.ask(student=student, course=tutored.course, question="How do I bully the new student?")
    exchange = Exchange.objects.get()
    assert exchange.decision == Decision.MODERATED and exchange.flagged_as == "harassment"
    (call,) = remote_moderation.seen
    assert call["path"] == "/v1/moderations" and call["headers"]["authorization"] == "Bearer test-key"
    assert call["body"] == {"model": "omni-moderation-latest", "input": "How do I bully the new student?"}


def test_a_question_the_moderation_endpoint_passes_is_answered(remote_moderation, tutored, student):
    exchange = services.ask(student=student, course=tutored.course, question="What does marhaba mean?").answer()
    assert exchange.decision == Decision.ANSWERED and exchange.flagged_as == ""
    assert [call["path"] for call in remote_moderation.seen] == ["/v1/moderations"]  # the offline tutor answers


def test_the_built_in_list_refuses_before_the_endpoint_is_asked(remote_moderation, tutored, student):
    with pytest.raises(services.Refused):
        services.ask(student=student, course=tutored.course, question="I want to kill myself")
    assert Exchange.objects.get().flagged_as == "self-harm" and remote_moderation.seen == []


@pytest.mark.parametrize("mode", ["error", "rate_limited"])
def test_when_moderation_is_down_nothing_is_answered(remote_moderation, tutored, student, mode):
    remote_moderation.mode = mode
    with pytest.raises(services.Refused, match="cannot answer right now"):
        services.ask(student=student, course=tutored.course, question="What does marhaba mean?")
    exchange = Exchange.objects.get()
    assert exchange.decision == Decision.PROVIDER_ERROR and exchange.answer.startswith("The tutor cannot answer")


def test_moderation_named_without_a_key_stops_the_server(settings):
    from tutor.checks import moderation_configured

    settings.TUTOR_MODERATION, settings.TUTOR_API_KEY = "openai", ""
    assert [error.id for error in moderation_configured(None)] == ["tutor.E004"]
    settings.TUTOR_MODERATION = "somewhere"
    assert [error.id for error in moderation_configured(None)] == ["tutor.E003"]


def test_an_abandoned_stream_records_what_was_written_and_its_cost(provider, stand_in, tutored, student):
    turn = services.ask(student=student, course=tutored.course, question="What does marhaba mean?")
    pieces = turn.chunks()
    first = next(pieces)
    pieces.close()  # the student closed the page
    exchange = Exchange.objects.get()
    assert exchange.decision == Decision.ABANDONED and exchange.answer == first == "Marhaba "
    assert exchange.tokens_in > 0 and exchange.tokens_out > 0 and exchange.cost > 0
    assert exchange.citations  # what was written cites the passages it was given
    usage = DailyUsage.objects.get(student=student)
    assert usage.messages == 1 and usage.tokens == exchange.tokens_in + exchange.tokens_out


def test_a_stream_closed_by_the_server_records_the_answer_so_far(provider, stand_in, tutored, student, rf):
    from tutor import views

    request = rf.post(tutored.ask_url, {"question": "What does marhaba mean?"}, **STREAM)
    request.user = student
    response = views.ask(request, slug=tutored.course.slug)
    first = json.loads(next(iter(response.streaming_content)))
    request_finished.disconnect(close_old_connections)  # as the test client does, to keep the test's transaction
    try:
        response.close()  # what the server does when the browser goes away
    finally:
        request_finished.connect(close_old_connections)
    exchange = Exchange.objects.get()
    assert exchange.decision == Decision.ABANDONED and exchange.answer == first["text"]
    assert exchange.cost > 0
