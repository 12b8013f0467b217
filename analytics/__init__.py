"""Funnel events and reports. Call `analytics.track(...)` from any app."""


def track(name, user=None, **kwargs):
    from .events import track as _track

    return _track(name, user, **kwargs)


def listen(name, listener):
    from .events import listen as _listen

    return _listen(name, listener)
