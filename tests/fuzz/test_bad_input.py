"""Generated bad input to every form and JSON endpoint, as the person who may use it: never a 5xx.

The endpoints are read from the URL configuration, so a new view is fuzzed without anyone listing it.
Each endpoint gets its own Hypothesis run: six fixed examples and FUZZ_EXAMPLES generated ones (3 unless
set). Every request is rolled back, so each endpoint meets the same demo data. Wagtail's own admin screens
are left out; the admin screens of our models and our own admin views are in.
"""

import json
import os
import re
import time
import uuid

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from wagtail.models import Page

from accounts.demo import demo_user
from cms.models import ContactPage
from commerce.models import Invoice, Order, PaymentAttempt
from learning.models import Course, Enrollment, Lesson, MessageThread, Module, Quiz
from scheduling.models import BlockedTime, Booking, DateOverride, LiveSession, WeeklyWindow
from scheduling.services import calendars
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))  # generated, besides the six fixed examples below
ONLY = os.environ.get("FUZZ_ONLY", "")  # e.g. /learn/sessions/ to fuzz only the URLs containing it
OUR_APPS = {
    "accounts",
    "analytics",
    "cms",
    "commerce",
    "core",
    "learning",
    "notifications",
    "partners",
    "scheduling",
    "tutor",
}
# Forms and query strings every endpoint is tried with, besides the names its own page shows.
COMMON_NAMES = ["next", "from", "week", "q", "page", "currency", "starts_at", "teacher", "path", "seconds", "body"]

BAD_TEXT = [
    "",
    " ",
    "0",
    "-1",
    "1e400",
    "NaN",
    "-Infinity",
    "9" * 40,
    "2026-02-30",
    "2026-02-30T10:00",
    "2026-01-05T25:00",
    "T25:00",
    "25:61",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-14:00",
    "9999-12-31",
    "0000-00-00",
    "\x00",
    "null",
    "[]",
    "{}",
    "foo",
    "//evil.example/",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "ع" * 300,
    "\U0001f600" * 50,
    "../../etc/passwd",
]

bad_text = st.one_of(
    st.sampled_from(BAD_TEXT),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str),
    st.text(max_size=40),
    st.text(min_size=1, max_size=4).map(lambda s: s * 5_000),
)
json_value = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**80), max_value=2**80),
        st.floats(allow_nan=True, allow_infinity=True),
        bad_text,
    ),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(bad_text, children, max_size=4)),
    max_leaves=12,
)
deep_json = st.integers(min_value=500, max_value=50_000).map(lambda depth: "[" * depth + "]" * depth)


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}".strip(":") if pattern.name else ""
            yield prefix + str(pattern.pattern), name, pattern.callback


def _model_of(callback):
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model")
    return apps.get_model(model) if isinstance(model, str) else model


def _is_ours(route: str, name: str, callback) -> bool:
    """Our views, and the admin's add and edit forms for our models; not Wagtail's own screens."""
    module = (getattr(callback, "__module__", "") or "").split(".")[0]
    if name == "wagtail_serve" or name.startswith("wagtailcore_") or route.startswith("documents/"):
        return False  # pages are served below, one of each kind that takes input
    if not route.startswith("admin/"):
        return True
    if module in OUR_APPS:
        return True
    model = _model_of(callback)
    return bool(model and model._meta.app_label in OUR_APPS and name.endswith((":add", ":edit")))


def endpoints() -> list[tuple[str, str, object]]:
    seen, found = set(), []
    for route, name, callback in _walk(get_resolver().url_patterns):
        if route not in seen and _is_ours(route, name, callback):
            seen.add(route)
            found.append((route, name, callback))
    return found


class World:
    """The demo site, plus the objects each URL parameter names."""

    def __init__(self):
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        self.student = demo_user("student.lina")
        self.teacher = demo_user("teacher.amman")
        self.admin = demo_user("admin")
        self.partner = UserFactory(partner=True)
        enrollment = Enrollment.objects.filter(student=self.student, course__teachers=self.teacher).first()
        self.course = enrollment.course if enrollment else Course.objects.filter(teachers=self.teacher).first()
        self.module = Module.objects.filter(course=self.course).first() or Module.objects.first()
        self.lesson = Lesson.objects.filter(course__teachers=self.teacher).exclude(body=[]).first()
        self.quiz = Quiz.objects.filter(course__teachers=self.teacher).first()
        self.booking = Booking.objects.filter(student=self.student).first()
        self.session = LiveSession.objects.filter(teacher=self.teacher).first()
        self.group = LiveSession.objects.filter(kind="group").first()
        self.thread = MessageThread.objects.filter(student=self.student, teacher=self.teacher).first()
        self.order = Order.objects.filter(student=self.student).first()
        self.attempt = PaymentAttempt.objects.filter(order__student=self.student).first()
        self.invoice = Invoice.objects.filter(order__student=self.student).first()
        self.feed = calendars.feed_for(self.student)
        schedule = self.teacher.schedule
        self.window = WeeklyWindow.objects.filter(schedule=schedule).first()
        self.override = DateOverride.objects.create(schedule=schedule, date="2030-01-07", kind="off")
        self.blocked = BlockedTime.objects.create(
            teacher=self.teacher, starts_at="2030-01-08T09:00Z", ends_at="2030-01-08T10:00Z"
        )

    def role_for(self, route: str):
        for prefix, user in (
            ("teach/", self.teacher),
            ("learn/", self.student),
            ("checkout/", self.student),
            ("partner/", self.partner),
            ("admin/", self.admin),
            ("account/", self.student),
            ("me/", self.student),
            ("calendar/", self.student),
            ("accounts/", None),
        ):
            if route.startswith(prefix):
                return user
        return None

    def pk_for(self, route: str, name: str, callback):
        model = _model_of(callback)
        if model is not None:
            obj = model._default_manager.first()
            return obj.pk if obj else 1
        by_name = {
            "module-edit": self.module,
            "lesson-create": self.module,
            "lesson-edit": self.lesson,
            "block-add": self.lesson,
            "block-edit": self.lesson,
            "lesson-preview": self.lesson,
            "quiz-edit": self.quiz,
            "quiz-preview": self.quiz,
            "quiz-settings": self.lesson,
            "move": self.lesson,
            "remove": self.lesson,
            "teacher-hours-delete": self.window,
            "teacher-override-delete": self.override,
            "teacher-block-delete": self.blocked,
        }
        short = name.split(":")[-1]
        if short in by_name:
            return by_name[short].pk
        if short.startswith("teacher-session") or short == "teacher-attendance":
            return self.session.pk
        if short.startswith("booking-"):
            return self.booking.pk
        return self.course.pk

    def url_for(self, route: str, name: str, callback) -> str:
        values = {
            "slug": self.course.slug,
            "lesson_id": self.lesson.pk,
            "quiz_id": self.quiz.pk,
            "number": self.invoice.number if "invoice" in name and self.invoice else 1,
            "thread_id": self.thread.pk if self.thread else 1,
            "teacher_id": self.teacher.pk,
            "student_id": self.student.pk,
            "session_id": self.group.pk if self.group else 1,
            "reference": self.order.reference if self.order else "FL-NONE",
            "key": self.attempt.key if self.attempt else uuid.uuid4(),
            "token": self.feed.token,
            "owner": "lesson",
            "kind": "lesson",
            "block_id": self.lesson.body[0].id if self.lesson.body else "x",
            "module_pk": self.module.pk,
            "course_pk": self.course.pk,
        }

        def fill(match):
            param = match.group("name")
            value = values.get(param)
            return str(self.pk_for(route, name, callback) if value is None else value)

        path = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", fill, route)  # allauth's regular-expression routes
        path = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", fill, path)
        return "/" + path.replace("^", "").replace("$", "")

    def page_urls(self) -> list[tuple[str, str]]:
        """Pages that take input: contact forms (stored and emailed) and the site search."""
        pages = [(page.url, f"page:{page.title}") for page in ContactPage.objects.live()]
        home = Page.objects.filter(depth=2).first()
        return [*pages, (home.url + "search/", "page:search"), (home.url, "page:home")]


FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*?\bname=\"([^\"]+)\"")


def _field_names(client, url) -> list[str]:
    try:
        page = client.get(url)
    except Exception:
        return []
    text = page.content.decode(errors="replace") if page.get("Content-Type", "").startswith("text/html") else ""
    return sorted(set(FIELD.findall(text)) - {"csrfmiddlewaretoken"})


def _requests(names):
    form = st.dictionaries(st.sampled_from(names), st.one_of(bad_text, st.lists(bad_text, max_size=3)), max_size=8)
    json_body = st.one_of(
        st.dictionaries(st.sampled_from(names), json_value, max_size=6).map(json.dumps),
        json_value.map(json.dumps),
        deep_json,
        bad_text,
    )
    return st.one_of(
        st.tuples(st.just("post"), form),
        st.tuples(st.just("json"), json_body),
        st.tuples(st.just("get"), st.dictionaries(st.sampled_from(names), bad_text, max_size=4)),
    )


def _send(client, url, kind, payload):
    if kind == "post":
        return client.post(url, payload)
    if kind == "json":
        return client.post(url, payload, content_type="application/json")
    return client.get(url, payload)


def _fuzz(client, url, user, names):
    """A Hypothesis test of one endpoint: whatever is sent, the answer is not a 5xx."""

    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(request=_requests(names))
    @example(request=("post", {}))
    @example(request=("post", dict.fromkeys(names, "2026-02-30T25:00")))
    @example(request=("post", dict.fromkeys(names, "9" * 40)))
    @example(request=("json", json.dumps(dict.fromkeys(names, 10**30))))
    # Hypothesis raises the recursion limit while it runs, so "too deep" here means thousands of levels.
    @example(request=("json", "[" * 5_000 + "]" * 5_000))
    @example(request=("get", dict.fromkeys(names, "foo")))
    def no_server_error(request):
        kind, payload = request
        if user is not None and "_auth_user_id" not in client.session:
            client.force_login(user)  # a fuzzed log-out must not turn the rest into anonymous requests
        savepoint = transaction.savepoint()
        try:
            status = _send(client, url, kind, payload).status_code
        finally:
            transaction.savepoint_rollback(savepoint)
        assert status < 500, f"{kind} {url} answered {status}"

    return no_server_error


@pytest.fixture
def no_limits(settings):
    """The limits are tested on their own; here they would only turn later examples into 429s."""
    settings.ACCOUNT_RATE_LIMITS = False
    settings.FLUENTORY_RATE_LIMITS = {action: "1000000/s/ip" for action in settings.FLUENTORY_RATE_LIMITS}


def test_every_form_and_json_endpoint_answers_bad_input_without_a_server_error(no_limits):
    world = World()
    failures, timings = [], []
    targets = [(world.url_for(route, name, callback), route, name) for route, name, callback in endpoints()]
    targets += [(url, url.lstrip("/"), name) for url, name in world.page_urls()]
    for url, route, name in [t for t in targets if ONLY in t[0]]:
        user = world.role_for(route)
        client = Client()
        if user is not None:
            client.force_login(user)
        names = sorted(set(_field_names(client, url)) | set(COMMON_NAMES))

        started = time.monotonic()
        try:
            _fuzz(client, url, user, names)()
        except Exception as exc:  # every endpoint is tried; the failures are reported together
            failures.append(f"{name or route} ({url}): {type(exc).__name__}: {str(exc)[:300]}")
        timings.append((time.monotonic() - started, url))
    print("slowest endpoints:", *(f"{s:.1f}s {u}" for s, u in sorted(timings)[-8:]), sep="\n  ")
    assert not failures, "\n".join(failures)
