"""Rollup tables of course performance, learning activity, the AI tutor and live classes: one row per UTC hour
(`bucket`) and dimension, so reports add up whole local days in any viewer's time zone."""

from decimal import Decimal

from django.conf import settings
from django.db import models


class CourseHour(models.Model):
    """A course's enrollments (by the hour they began: how many have completed since, and how long it took),
    quiz attempts, lessons completed, approved reviews and refunds; `cohort` is the partner cohort the student
    came with, if any."""

    bucket = models.DateTimeField()
    course = models.ForeignKey("learning.Course", on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey("partners.Cohort", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    enrolled = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    completion_seconds = models.PositiveBigIntegerField(default=0)
    quiz_attempts = models.PositiveIntegerField(default=0)
    quiz_passed = models.PositiveIntegerField(default=0)
    lessons_completed = models.PositiveIntegerField(default=0)
    reviews = models.PositiveIntegerField(default=0)
    rating_total = models.PositiveIntegerField(default=0)
    refunds = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["bucket", "course"], name="coursehour_bucket_course")]

    def __str__(self):
        return f"{self.course_id} {self.bucket:%Y-%m-%d %H}h"


class TutorFigures(models.Model):
    """Questions to the tutor and what became of them, with their tokens and cost (in
    settings.FLUENTORY_REPORTING_CURRENCY, as the tutor records it); `tutor_latency_ms` adds up the answered
    ones' latency, and `tutor_reported` counts answers reported in that time, whenever they were asked."""

    tutor_questions = models.PositiveIntegerField(default=0)
    tutor_answered = models.PositiveIntegerField(default=0)
    tutor_refused = models.PositiveIntegerField(default=0)
    tutor_moderated = models.PositiveIntegerField(default=0)
    tutor_errors = models.PositiveIntegerField(default=0)
    tutor_abandoned = models.PositiveIntegerField(default=0)
    tutor_latency_ms = models.PositiveBigIntegerField(default=0)
    tutor_reported = models.PositiveIntegerField(default=0)
    tokens_in = models.PositiveBigIntegerField(default=0)
    tokens_out = models.PositiveBigIntegerField(default=0)
    tutor_cost = models.DecimalField(max_digits=14, decimal_places=6, default=Decimal(0))

    TUTOR_FIELDS = (
        "tutor_questions",
        "tutor_answered",
        "tutor_refused",
        "tutor_moderated",
        "tutor_errors",
        "tutor_abandoned",
        "tutor_latency_ms",
        "tutor_reported",
        "tokens_in",
        "tokens_out",
        "tutor_cost",
    )

    class Meta:
        abstract = True


class LearnerHour(TutorFigures):
    """What one student did in one course in one hour: lessons completed, quiz attempts and the tutor's figures."""

    bucket = models.DateTimeField()
    course = models.ForeignKey("learning.Course", on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lessons_completed = models.PositiveIntegerField(default=0)
    quiz_attempts = models.PositiveIntegerField(default=0)
    quiz_passed = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["bucket", "course"], name="learnerhour_bucket_course"),
            models.Index(fields=["course", "student"], name="learnerhour_course_student"),
        ]  # and, on PostgreSQL, covering indexes for the tutor report (migrations 0007 to 0009)

    def __str__(self):
        return f"{self.student_id} in {self.course_id} {self.bucket:%Y-%m-%d %H}h"


class LessonHour(models.Model):
    """Signals that a lesson may need work: questions asked to the tutor from it and failed quiz attempts."""

    bucket = models.DateTimeField()
    course = models.ForeignKey("learning.Course", on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey("learning.Lesson", on_delete=models.CASCADE, related_name="+")
    tutor_questions = models.PositiveIntegerField(default=0)
    quiz_attempts = models.PositiveIntegerField(default=0)
    quiz_failed = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["course", "bucket"], name="lessonhour_course_bucket")]

    def __str__(self):
        return f"{self.lesson_id} {self.bucket:%Y-%m-%d %H}h"


class TutorTermHour(models.Model):
    """How many of a course's tutor questions used a term (stemmed as the tutor ranks them), the word students
    wrote most for it, and one of those questions as an example."""

    bucket = models.DateTimeField()
    course = models.ForeignKey("learning.Course", on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=60)
    word = models.CharField(max_length=60)
    questions = models.PositiveIntegerField(default=0)
    example = models.CharField(max_length=300)

    class Meta:
        indexes = [models.Index(fields=["course", "bucket"], name="tutortermhour_course_bucket")]

    def __str__(self):
        return f"{self.term} in {self.course_id} {self.bucket:%Y-%m-%d %H}h"


class TutorHour(TutorFigures):
    """The tutor's figures of one UTC hour over every course, added up from `LearnerHour` by the same rollup: the
    report's series by local day (whose days straddle two UTC days) reads a few thousand rows a year here."""

    bucket = models.DateTimeField(unique=True)

    def __str__(self):
        return f"{self.bucket:%Y-%m-%d %H}h"


class TutorDay(TutorFigures):
    """The tutor's figures of one UTC day and course, added up from `LearnerHour` by the same rollup: the AI tutor
    usage report reads whole days here (a few rows a day) and only the hours at a period's edges there."""

    day = models.DateField()
    course = models.ForeignKey("learning.Course", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "course"], name="tutorday_unique")]

    def __str__(self):
        return f"{self.course_id} {self.day:%Y-%m-%d}"


class TutorTermDay(models.Model):
    """`TutorTermHour` of one UTC day over every course: what the report's themes read for whole days."""

    day = models.DateField()
    term = models.CharField(max_length=60)
    word = models.CharField(max_length=60)
    questions = models.PositiveIntegerField(default=0)
    example = models.CharField(max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "term"], name="tutortermday_unique")]

    def __str__(self):
        return f"{self.term} {self.day:%Y-%m-%d}"


class SessionHour(models.Model):
    """Live sessions held (not cancelled) by a teacher for a course, or private ones (no course), and their
    confirmed seats: booked, with attendance recorded, attended (present or late), no-shows."""

    bucket = models.DateTimeField()
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("learning.Course", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    sessions = models.PositiveIntegerField(default=0)
    booked = models.PositiveIntegerField(default=0)
    recorded = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(default=0)
    no_shows = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["teacher", "bucket"], name="sessionhour_teacher_bucket")]

    def __str__(self):
        return f"{self.teacher_id} {self.bucket:%Y-%m-%d %H}h"
