"""Following a suggestion from shown to clicked to bought.

A click is recorded by the link's redirect and kept in the visitor's session; when they start a checkout
signed in, the clicks they made before signing in become theirs; when an order is paid, each of its courses
clicked in a suggestion within `WINDOW` records `recommendation_bought` (the last click wins). Both run as
analytics listeners, so checkout and payment code stay unaware of suggestions.
"""

from __future__ import annotations

from datetime import timedelta

import analytics
from analytics.models import Event

from ..models import Order, OrderLine

SHOWN, CLICKED, BOUGHT = "recommendation_shown", "recommendation_clicked", "recommendation_bought"
SESSION_KEY = "recommendation_clicks"
KEPT_IN_SESSION = 10
WINDOW = timedelta(days=30)


def remember_click(request, *, event: Event) -> None:
    clicks = [pk for pk in request.session.get(SESSION_KEY, []) if pk != event.pk]
    request.session[SESSION_KEY] = [*clicks, event.pk][-KEPT_IN_SESSION:]


def claim_session_clicks(event: Event, *, request=None) -> None:
    """At checkout: the anonymous clicks this browser made belong to the person now buying."""
    if request is None or not request.user.is_authenticated:
        return
    clicked = request.session.get(SESSION_KEY, [])
    if clicked:
        Event.objects.filter(pk__in=clicked, name=CLICKED, user__isnull=True).update(user=request.user)


def record_bought(event: Event, *, request=None) -> None:
    """At payment: a `recommendation_bought` per course of the order that a suggestion led to, once per order."""
    reference = event.properties.get("order")
    order = Order.objects.filter(reference=reference).only("pk", "student_id", "reference").first()
    if order is None or Event.objects.filter(name=BOUGHT, properties__order=reference).exists():
        return
    bought = set(OrderLine.objects.filter(order=order, course__isnull=False).values_list("course_id", flat=True))
    clicks = Event.objects.filter(
        name=CLICKED,
        user_id=order.student_id,
        occurred_at__gte=event.occurred_at - WINDOW,
        occurred_at__lte=event.occurred_at,
        properties__course__in=list(bought),
    ).order_by("-occurred_at", "-pk")
    credited: set[int] = set()
    for click in clicks.only("pk", "properties"):
        course_id = click.properties.get("course")
        if course_id in bought and course_id not in credited:
            credited.add(course_id)
            analytics.track(
                BOUGHT,
                user=event.user,
                order=reference,
                course=course_id,
                kind=click.properties.get("kind", ""),
                place=click.properties.get("place", ""),
                click=click.pk,
            )


def connect() -> None:
    analytics.listen("checkout_started", claim_session_clicks)
    analytics.listen("payment_succeeded", record_bought)
