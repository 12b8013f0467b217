"""Following a suggestion from shown to clicked to bought.

A click is recorded by the link's redirect and kept in the visitor's session; when they start a checkout
signed in, the clicks they made before signing in become theirs; when an order is paid, each of its courses
(bought alone or in a bundle) and session packages clicked in a suggestion within `WINDOW` records
`recommendation_bought` (the last click wins). Both run as analytics listeners, so checkout and payment code stay
unaware of suggestions.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q

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
    """At payment: a `recommendation_bought` per course or package of the order that a suggestion led to, once per
    order."""
    reference = event.properties.get("order")
    order = Order.objects.filter(reference=reference).only("pk", "student_id", "reference").first()
    if order is None or Event.objects.filter(name=BOUGHT, properties__order=reference).exists():
        return
    bought = _bought(order)
    if not bought:
        return
    clicks = Event.objects.filter(
        Q(properties__course__in=[pk for key, pk in bought if key == "course"])
        | Q(properties__package__in=[pk for key, pk in bought if key == "package"]),
        name=CLICKED,
        user_id=order.student_id,
        occurred_at__gte=event.occurred_at - WINDOW,
        occurred_at__lte=event.occurred_at,
    ).order_by("-occurred_at", "-pk")
    credited: set[tuple[str, int]] = set()
    for click in clicks.only("pk", "properties"):
        package_id = click.properties.get("package")
        item = ("package", package_id) if package_id is not None else ("course", click.properties.get("course"))
        if item in bought and item not in credited:
            credited.add(item)
            analytics.track(
                BOUGHT,
                user=event.user,
                order=reference,
                **{item[0]: item[1]},
                kind=click.properties.get("kind", ""),
                place=click.properties.get("place", ""),
                click=click.pk,
            )


def _bought(order: Order) -> set[tuple[str, int]]:
    """("course", id) for every course the order gives, bundles included, and ("package", id) for its packages."""
    bought: set[tuple[str, int]] = set()
    for course_id, package_id, parts in OrderLine.objects.filter(order=order).values_list(
        "course_id", "package_id", "parts"
    ):
        if course_id is not None:
            bought.add(("course", course_id))
        if package_id is not None:
            bought.add(("package", package_id))
        bought.update(("course", part["course"]) for part in parts or [] if isinstance(part.get("course"), int))
    return bought


def connect() -> None:
    analytics.listen("checkout_started", claim_session_clicks)
    analytics.listen("payment_succeeded", record_bought)
