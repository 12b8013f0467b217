"""Refusals carry a message meant for the person and an HTTP status for API callers."""


class SchedulingError(Exception):
    status = 400

    def __init__(self, message, *, status: int | None = None):
        super().__init__(str(message))
        self.message = str(message)
        if status is not None:
            self.status = status


class BookingRefused(SchedulingError):
    """The request was understood but the rules or the calendar say no (409 by default)."""

    status = 409
