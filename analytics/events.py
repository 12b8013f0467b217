"""Funnel events: `track("checkout_started", user=…, request=…, course=…)`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from .models import Event

UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
ATTRIBUTION_SESSION_KEY = "attribution"

# Event name → what other apps do once such an event is committed (see `listen`).
_LISTENERS: dict[str, list[Callable]] = defaultdict(list)


def listen(name: str, listener: Callable) -> None:
    """Call `listener(event, request=…)` after each `name` event commits; registering it twice calls it once.

    The apps that record an event need not know who builds on it (commerce attributes a purchase to the
    suggestion that led to it). A failing listener is logged and never undoes the event or its transaction."""
    if listener not in _LISTENERS[name]:
        _LISTENERS[name].append(listener)


def attribution_from(*, referrer: str = "", params) -> dict:
    """The UTM parameters and outside referrer one page view arrived with."""
    fresh = {field: params.get(field, "")[:100] for field in UTM_FIELDS if params.get(field)}
    if referrer:
        fresh["referrer"] = referrer[:500]
    return fresh


def remember_attribution(request, *, referrer: str = "", params=None) -> dict:
    """Keep the first UTM parameters and outside referrer of a visit, so later events carry them."""
    params = params if params is not None else request.GET
    stored = request.session.get(ATTRIBUTION_SESSION_KEY, {})
    fresh = attribution_from(referrer="" if "referrer" in stored else referrer, params=params)
    if fresh:
        stored = {**fresh, **stored}  # first touch wins
        request.session[ATTRIBUTION_SESSION_KEY] = stored
    return stored


def track(name: str, user=None, *, request=None, path: str = "", attribution: dict | None = None, **props) -> Event:
    """Record one event. With a request, the anonymous session and the visit's attribution come along."""
    session_key = ""
    if request is not None:
        if user is None and request.user.is_authenticated:
            user = request.user
        if attribution is None:
            attribution = request.session.get(ATTRIBUTION_SESSION_KEY, {})
        session_key = request.session.session_key or ""
        path = path or request.path
    attribution = attribution or {}
    event = Event.objects.create(
        name=name,
        user=user if user is not None and user.is_authenticated else None,
        session_key=session_key,
        occurred_at=timezone.now(),
        properties=_jsonable(props),
        path=path[:500],
        referrer=attribution.get("referrer", "")[:500],
        **{field: attribution.get(field, "") for field in UTM_FIELDS},
    )
    for listener in _LISTENERS.get(name, ()):
        transaction.on_commit(lambda listener=listener: listener(event, request=request), robust=True)
    return event


def _jsonable(props: dict) -> dict:
    """Model instances become their primary keys; everything else must already be JSON."""
    return {key: getattr(value, "pk", value) if hasattr(value, "_meta") else value for key, value in props.items()}
