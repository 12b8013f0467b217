"""Teacher availability, live sessions, bookings, credits, cancellation rules and calendar feeds.

Times are aware UTC datetimes, except recurring availability, which is wall-clock time in the schedule's zone.
Overlaps are refused by the database on PostgreSQL (exclusion constraints added in migration 0002).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from accounts.timezones import is_valid_time_zone
from core.bounds import between, check_between

# What a teacher or admin may type; the booking engine's date arithmetic stays well inside the calendar.
SESSION_MINUTES = (15, 480)
SLOT_STEP_MINUTES = (5, 240)
BUFFER_MINUTES = (0, 240)
NOTICE_MINUTES = (0, 60 * 24 * 30)
SESSIONS_PER_DAY = (1, 48)
HORIZON_DAYS = (1, 365)
CLASS_SEATS = (1, 500)
RULE_HOURS_BEFORE = (0, 24 * 365)


def validate_zone(value: str) -> None:
    if not is_valid_time_zone(value):
        raise ValidationError(_("“%(value)s” is not a time zone."), params={"value": value})


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class TeacherSchedule(ClusterableModel):
    """One per teacher: booking settings plus weekly windows and date overrides (wall-clock, in `time_zone`)."""

    teacher = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="schedule")
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_zone])
    session_minutes = models.PositiveSmallIntegerField(
        _("private session length (minutes)"), default=60, validators=between(*SESSION_MINUTES)
    )
    slot_step_minutes = models.PositiveSmallIntegerField(
        _("start times every (minutes)"), default=30, validators=between(*SLOT_STEP_MINUTES)
    )
    buffer_before_minutes = models.PositiveSmallIntegerField(
        _("buffer before sessions (minutes)"), default=0, validators=between(*BUFFER_MINUTES)
    )
    buffer_after_minutes = models.PositiveSmallIntegerField(
        _("buffer after sessions (minutes)"), default=0, validators=between(*BUFFER_MINUTES)
    )
    minimum_notice_minutes = models.PositiveIntegerField(
        _("minimum notice (minutes)"), default=60, validators=between(*NOTICE_MINUTES)
    )
    max_sessions_per_day = models.PositiveSmallIntegerField(
        _("maximum sessions per day"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
        validators=between(*SESSIONS_PER_DAY),
    )
    horizon_days = models.PositiveSmallIntegerField(
        _("booking horizon (days)"), default=60, validators=between(*HORIZON_DAYS)
    )
    accepts_private_sessions = models.BooleanField(_("accepts private sessions"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("teacher"),
        FieldPanel("time_zone"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("session_minutes"), FieldPanel("slot_step_minutes")]),
                FieldRowPanel([FieldPanel("buffer_before_minutes"), FieldPanel("buffer_after_minutes")]),
                FieldRowPanel([FieldPanel("minimum_notice_minutes"), FieldPanel("horizon_days")]),
                FieldPanel("max_sessions_per_day"),
                FieldPanel("accepts_private_sessions"),
            ],
            heading=_("Booking rules"),
        ),
        InlinePanel("windows", label=_("Weekly hours")),
        InlinePanel("overrides", label=_("Date overrides")),
    ]

    class Meta:
        verbose_name = _("teacher calendar")
        constraints = [
            check_between("session_minutes", *SESSION_MINUTES, name="schedule_session_minutes_range"),
            check_between("slot_step_minutes", *SLOT_STEP_MINUTES, name="schedule_step_minutes_range"),
            check_between("buffer_before_minutes", *BUFFER_MINUTES, name="schedule_buffer_before_range"),
            check_between("buffer_after_minutes", *BUFFER_MINUTES, name="schedule_buffer_after_range"),
            check_between("minimum_notice_minutes", *NOTICE_MINUTES, name="schedule_notice_range"),
            check_between("max_sessions_per_day", *SESSIONS_PER_DAY, name="schedule_sessions_per_day_range"),
            check_between("horizon_days", *HORIZON_DAYS, name="schedule_horizon_range"),
        ]

    def __str__(self):
        return str(self.teacher)


class WeeklyWindow(models.Model):
    schedule = ParentalKey(TeacherSchedule, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("start_time"), FieldPanel("end_time")])]

    class Meta:
        verbose_name = _("weekly hours")
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="window_ends_after_start"),
            check_between("weekday", Weekday.MONDAY, Weekday.SUNDAY, name="window_weekday_range"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M}"


class DateOverride(models.Model):
    """Extra hours on one date, or a day off (which removes that date's weekly hours and extra hours)."""

    class Kind(models.TextChoices):
        EXTRA = "extra", _("Extra hours")
        DAY_OFF = "off", _("Day off")

    schedule = ParentalKey(TeacherSchedule, on_delete=models.CASCADE, related_name="overrides")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices, default=Kind.EXTRA)
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("kind"), FieldPanel("start_time"), FieldPanel("end_time")])]

    class Meta:
        verbose_name = _("date override")
        ordering = ["date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="off")
                | Q(start_time__isnull=False, end_time__isnull=False, end_time__gt=F("start_time")),
                name="extra_hours_have_a_window",
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"

    def clean(self):
        if self.kind == self.Kind.EXTRA and not (self.start_time and self.end_time and self.end_time > self.start_time):
            raise ValidationError(_("Extra hours need a start and an end after it."))


class BlockedTime(models.Model):
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocked_times")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("blocked time")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["teacher", "starts_at"], name="block_teacher_start")]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="block_ends_after_start")]

    def __str__(self):
        return f"{self.teacher}: {self.starts_at:%Y-%m-%d %H:%M}"


def private_session_title(teacher) -> str:
    return str(_("Private session with %(name)s") % {"name": teacher.name})


def new_meeting_room() -> str:
    return secrets.token_urlsafe(12).replace("-", "x").replace("_", "y")


class LiveSession(models.Model):
    """A stretch of a teacher's time: a private session (capacity 1) or a group class of a live/hybrid course."""

    class Kind(models.TextChoices):
        PRIVATE = "private", _("Private session")
        GROUP = "group", _("Group class")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="live_sessions")
    course = models.ForeignKey(
        "learning.Course", null=True, blank=True, on_delete=models.PROTECT, related_name="live_sessions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=1, validators=between(*CLASS_SEATS))
    seats_taken = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    # Bumped on every change that calendars must pick up (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    meeting_room = models.CharField(max_length=40, default=new_meeting_room, unique=True)
    cancel_reason = models.CharField(_("cancellation reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("live session")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["teacher", "status", "starts_at"], name="session_teacher_time")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(condition=Q(seats_taken__lte=F("capacity")), name="session_within_capacity"),
            check_between("capacity", *CLASS_SEATS, name="session_capacity_range"),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M} UTC)"

    @property
    def display_title(self) -> str:
        """The title in the reader's language: a private session's stored title is in the booker's language."""
        if self.kind == self.Kind.PRIVATE:
            return private_session_title(self.teacher)
        return self.title

    @property
    def meeting_url(self) -> str:
        return settings.SCHEDULING_MEETING_URL_PATTERN.format(room=f"fluentory-{self.meeting_room}")

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.seats_taken)


class Booking(models.Model):
    """A student's seat in a session; `starts_at`/`ends_at` mirror the session so overlaps can be constrained."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")
        NO_SHOW = "no_show", _("No-show")

    session = models.ForeignKey(LiveSession, on_delete=models.PROTECT, related_name="bookings")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    credit_used = models.BooleanField(default=False)
    booked_at = models.DateTimeField(auto_now_add=True)
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.CharField(_("policy decision"), max_length=300, blank=True)
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices, blank=True, default="")
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)
    # Moves on every change, so the analytics rollups find attendance recorded since they last looked.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("booking")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["student", "status", "starts_at"], name="booking_student_time"),
            models.Index(fields=["session", "status", "booked_at"], name="booking_session_queue"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "student"],
                condition=Q(status__in=["confirmed", "waitlisted"]),
                name="one_live_booking_per_student_session",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.student} → {self.session}"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.CONFIRMED, self.Status.WAITLISTED}


class CreditWallet(models.Model):
    """A student's spendable session credits; the ledger (`CreditEntry`) explains every change."""

    student = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credit_wallet")
    balance = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("credit wallet")
        constraints = [models.CheckConstraint(condition=Q(balance__gte=0), name="credit_balance_never_negative")]

    def __str__(self):
        return f"{self.student}: {self.balance}"


class CreditEntry(models.Model):
    """Append-only ledger of credit changes; `reference` makes grants and revocations from outside idempotent."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("Granted")
        REVOKE = "revoke", _("Taken back")
        USE = "use", _("Used for a booking")
        RESTORE = "restore", _("Restored")
        FORFEIT = "forfeit", _("Forfeited")
        EXPIRE = "expire", _("Expired")

    class Source(models.TextChoices):
        COURSE = "course", _("Course with live sessions")
        PACKAGE = "package", _("Session package")
        ADMIN = "admin", _("Granted by an admin")
        BOOKING = "booking", _("Booking")
        TRIAL = "trial", _("Trial lesson")

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credit_entries")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source = models.CharField(max_length=10, choices=Source.choices)
    delta = models.IntegerField()
    reference = models.CharField(max_length=120, blank=True)
    course = models.ForeignKey("learning.Course", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    booking = models.ForeignKey(Booking, null=True, blank=True, on_delete=models.PROTECT, related_name="credit_entries")
    lot = models.ForeignKey("CreditLot", null=True, blank=True, on_delete=models.PROTECT, related_name="entries")
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("credit entry")
        verbose_name_plural = _("credit ledger")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "kind", "reference"],
                condition=~Q(reference=""),
                name="credit_entry_once_per_reference",
            )
        ]

    def __str__(self):
        return f"{self.student} {self.delta:+d} ({self.kind})"


class CancellationRule(models.Model):
    """One line of the cancellation policy, edited in the admin; the first matching rule decides."""

    class Action(models.TextChoices):
        STUDENT_CANCEL = "student_cancel", _("Student cancels")
        STUDENT_RESCHEDULE = "student_reschedule", _("Student reschedules")
        NO_SHOW = "no_show", _("Student does not show up")
        TEACHER_CANCEL = "teacher_cancel", _("Teacher cancels")

    class Outcome(models.TextChoices):
        RESTORE_CREDIT = "restore", _("Allowed, credit restored")
        FORFEIT_CREDIT = "forfeit", _("Allowed, credit forfeited")
        KEEP_CREDIT = "keep", _("Allowed, credit kept (reschedule)")
        REFUSE = "refuse", _("Not allowed")

    action = models.CharField(_("when"), max_length=20, choices=Action.choices)
    min_hours_before = models.PositiveIntegerField(
        _("at least this many hours before the start"),
        default=0,
        help_text=_("0 matches any time."),
        validators=between(*RULE_HOURS_BEFORE),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("reason shown to people"), max_length=300)
    active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("action"),
        FieldPanel("min_hours_before"),
        FieldPanel("outcome"),
        FieldPanel("reason"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("cancellation rule")
        ordering = ["action", "-min_hours_before"]
        constraints = [check_between("min_hours_before", *RULE_HOURS_BEFORE, name="cancellation_rule_hours_range")]

    def __str__(self):
        return f"{self.get_action_display()} ≥ {self.min_hours_before} h: {self.get_outcome_display()}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private, revocable iCalendar subscription URL; resetting replaces the token so old links stop working."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self):
        return f"{self.user}"


class OnlineWatch(models.Model):
    """A student asked to be told when a teacher comes online; removed once they are told."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="online_watchers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["student", "teacher"], name="one_watch_per_pair")]

    def __str__(self):
        return f"{self.student} watches {self.teacher}"


class SentEmail(models.Model):
    """A booking email (confirmation, update, cancellation) recorded with the change, claimed with a lease to send.

    Its key names the booking's version, so a retried task or a replayed change sends nothing twice.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=120, unique=True)
    booking = models.ForeignKey(Booking, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=20, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["state", "created_at"],
                condition=models.Q(state__in=["pending", "sending"]),
                name="booking_email_unsent",
            )
        ]

    def __str__(self):
        return self.key


class CreditLot(models.Model):
    """Credits granted together (a package, a trial, a course, an admin grant): who they book, until when.

    The wallet's balance is the sum of the lots' `remaining`; a booking spends from the lot that expires first
    among those valid for its teacher.
    """

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credit_lots")
    source = models.CharField(_("source"), max_length=10, choices=CreditEntry.Source.choices)
    quantity = models.PositiveIntegerField(_("credits granted"))
    remaining = models.PositiveIntegerField(_("credits left"))
    # Either one teacher, or any teacher of a language, or (both empty) any teacher.
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(_("language"), max_length=60, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    reference = models.CharField(max_length=120)
    label = models.CharField(_("label"), max_length=200, blank=True)
    extension_requested_at = models.DateTimeField(_("extension requested at"), null=True, blank=True)
    extended_at = models.DateTimeField(_("extended at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("credit grant")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["student", "remaining", "expires_at"], name="credit_lot_spendable")]
        constraints = [
            models.UniqueConstraint(fields=["student", "reference"], name="credit_lot_once_per_reference"),
            models.CheckConstraint(condition=Q(remaining__lte=F("quantity")), name="credit_lot_within_quantity"),
            models.CheckConstraint(
                condition=Q(teacher__isnull=True) | Q(language=""), name="credit_lot_teacher_or_language"
            ),
            # A trial lesson is once per student and teacher, whatever order or grant it came from.
            models.UniqueConstraint(
                fields=["student", "teacher"], condition=Q(source="trial"), name="one_trial_per_student_teacher"
            ),
        ]

    def __str__(self):
        return f"{self.student}: {self.remaining}/{self.quantity} ({self.source})"

    @property
    def can_request_extension(self) -> bool:
        return bool(self.expires_at and self.remaining and not self.extended_at and not self.extension_requested_at)
