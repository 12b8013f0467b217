"""Scheduling services: availability (slots), bookings, credits, policies, reminders (a sequence), calendars, presence.

Other apps call `scheduling.services.credits.grant_credits` / `revoke_credits` and `bookings` entry points;
views, admin screens and tasks are thin callers of these modules.
"""

from .errors import BookingRefused, SchedulingError

__all__ = ["BookingRefused", "SchedulingError"]
