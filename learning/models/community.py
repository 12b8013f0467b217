"""Reviews, announcements and messages between a course's teachers and its students."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .courses import Course, Enrollment


class Review(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE, related_name="review")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="reviews", editable=False)
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    body = models.TextField(_("review"), blank=True, max_length=4000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    moderation_note = models.CharField(_("moderation note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["course", "status"], name="review_course_status")]
        constraints = [
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5")
        ]

    def __str__(self):
        return f"{self.course} · {self.rating}/5"


class Announcement(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("announcement")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class MessageThread(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="message_threads")
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message thread")
        ordering = ["-last_message_at"]
        constraints = [
            models.UniqueConstraint(fields=["course", "teacher", "student"], name="one_thread_per_pair_and_course")
        ]

    def __str__(self):
        return f"{self.teacher} ↔ {self.student} ({self.course})"

    def other_party(self, user):
        return self.student if user.pk == self.teacher_id else self.teacher


class Message(models.Model):
    thread = models.ForeignKey(MessageThread, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "read_at"], name="message_unread")]

    def __str__(self):
        return self.body[:60]
