"""“Teacher is online” from a heartbeat kept in the cache (Redis in production); watchers are told once."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import override

from ..models import OnlineWatch


def _key(user_id: int) -> str:
    return f"scheduling:presence:{user_id}"


def heartbeat(*, user) -> bool:
    """Mark `user` online for a while; returns True when they just came online (and tells their watchers)."""
    timeout = settings.SCHEDULING_PRESENCE_SECONDS
    came_online = cache.add(_key(user.pk), 1, timeout)
    if not came_online:
        cache.touch(_key(user.pk), timeout)
    elif user.is_teacher:
        _tell_watchers(user)
    return came_online


def go_offline(*, user) -> None:
    cache.delete(_key(user.pk))


def is_online(user_id: int) -> bool:
    return cache.get(_key(user_id)) is not None


def online_ids(user_ids) -> set[int]:
    ids = list(user_ids)
    found = cache.get_many([_key(i) for i in ids])
    return {i for i in ids if _key(i) in found}


def watch(*, student, teacher) -> OnlineWatch:
    watch, _created = OnlineWatch.objects.get_or_create(student=student, teacher=teacher)
    return watch


def _tell_watchers(teacher) -> int:
    from notifications.services import notify

    watches = list(OnlineWatch.objects.filter(teacher=teacher).select_related("student"))
    for item in watches:
        with override(item.student.preferred_language):
            notify(
                item.student,
                "teacher_online",
                _("%(name)s is online now") % {"name": teacher.name},
                _("Book a session while they are around."),
                url=f"/learn/sessions/teachers/{teacher.pk}/",
                email=False,
                dedupe_key=f"teacher-online-{item.pk}",
            )
    OnlineWatch.objects.filter(pk__in=[w.pk for w in watches]).delete()
    return len(watches)
