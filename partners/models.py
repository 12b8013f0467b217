"""What partners ask the school for: private cohorts with seats, custom bundles, and tickets to the admins."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.money import Money
from learning.models import Course


class Cohort(models.Model):
    """Students a partner brings to chosen courses; the school grants the seats."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Open")
        DECLINED = "declined", _("Declined")
        CLOSED = "closed", _("Closed")

    partner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="partner_cohorts")
    name = models.CharField(_("name"), max_length=120)
    courses = models.ManyToManyField(Course, related_name="+", verbose_name=_("courses"))
    seats_requested = models.PositiveIntegerField(_("seats requested"))
    seats = models.PositiveIntegerField(_("seats granted"), default=0)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    # The join link's secret; a new one (revoking the link) makes the old link invalid.
    join_token = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("cohort")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["join_token"], condition=~models.Q(join_token=""), name="cohort_join_token_unique"
            ),
            models.CheckConstraint(condition=models.Q(seats_requested__gte=1), name="cohort_seats_requested_positive"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.APPROVED


class CohortInvitation(models.Model):
    """An email invitation to one address, with its own token; used once, by whoever signs in with it."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("cohort invitation")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["cohort", "email"], name="one_invitation_per_address")]

    def __str__(self):
        return f"{self.email} · {self.cohort}"


class CohortMember(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships")
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    invitation = models.OneToOneField(
        CohortInvitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="member"
    )

    class Meta:
        verbose_name = _("cohort member")
        ordering = ["joined_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["cohort", "student"], name="one_membership_per_cohort")]

    def __str__(self):
        return f"{self.student} · {self.cohort}"


class BundleRequest(models.Model):
    """A partner's request for a custom bundle; the admins answer with a quote."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    partner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bundle_requests")
    courses = models.ManyToManyField(Course, related_name="+", verbose_name=_("courses"))
    students = models.PositiveIntegerField(_("number of students"))
    currency = models.CharField(_("currency"), max_length=3)
    message = models.TextField(_("message"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    quote = models.DecimalField(_("quote"), max_digits=12, decimal_places=3, null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("bundle request")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(students__gte=1), name="bundle_request_students")]

    def __str__(self):
        return f"#{self.pk} · {self.partner}"

    @property
    def quote_money(self) -> Money | None:
        return Money(self.quote, self.currency) if self.quote is not None else None


class Ticket(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        WAITING = "waiting", _("Waiting on partner")
        CLOSED = "closed", _("Closed")

    partner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="partner_tickets")
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last message"), auto_now=True)

    class Meta:
        verbose_name = _("ticket")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["status", "updated_at"], name="ticket_status_updated")]

    def __str__(self):
        return f"#{self.pk} {self.subject}"


class TicketMessage(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_staff = models.BooleanField(default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ticket message")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.ticket} · {self.author}"


def attachment_path(instance, filename):
    # Under "documents/": the media storage keeps these files private (learning.storage).
    return f"documents/tickets/{instance.message.ticket_id}/{filename}"


class TicketAttachment(models.Model):
    message = models.ForeignKey(TicketMessage, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("ticket attachment")

    def __str__(self):
        return self.name
