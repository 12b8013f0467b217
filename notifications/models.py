from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, PreviewableMixin, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core import leases
from core.bounds import between, check_between

from . import registry
from .email_panels import PlaceholdersPanel
from .kinds import Category
from .sequences import registry as sequence_registry


class Notification(models.Model):
    """An in-app notice; when it also goes by email, the email is claimed with a lease so it goes out once."""

    class EmailState(models.TextChoices):
        NONE = "none", _("Not emailed")
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed for good")
        SUPPRESSED = "suppressed", _("Not sent: the address bounced or complained")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    dedupe_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.NONE)
    # While `sending`, the claim is held until this time; a worker that died lets it lapse and the sweep retries.
    email_claimed_until = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    # Quiet hours: the email may not be claimed before this time (the end of the person's night).
    email_not_before = models.DateTimeField(null=True, blank=True)
    # False when the person turned the in-app channel off for this kind's category: kept for the email only.
    in_app = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("notification")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "read_at", "created_at"], name="notification_inbox"),
            models.Index(
                fields=["email_state", "created_at"],
                condition=models.Q(email_state__in=["pending", "sending"]),
                name="notification_email_unsent",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"], condition=~models.Q(dedupe_key=""), name="notification_once_per_key"
            )
        ]

    def __str__(self):
        return self.title


class OutboxEmail(models.Model):
    """Every email the site sends, as it was handed to the mail provider."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SUPPRESSED = "suppressed", _("Suppressed")

    to = models.TextField(help_text=_("Comma-separated recipients"))
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    from_email = models.CharField(max_length=254)
    has_attachments = models.BooleanField(default=False)
    # The message's own Message-ID: a retry finds here that the message already went out.
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    # The provider's own id for the message (anymail_status.message_id): its tracking events name it.
    esp_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    # The registered email it was rendered from (see registry), when it was.
    key = models.CharField(max_length=64, blank=True)
    # The headers the message went out with (List-Unsubscribe and the like), so they can be tried from the admin.
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("outbox email")
        verbose_name_plural = _("outbox emails")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class NotificationPreference(models.Model):
    """A person's choice of channels for one category; without a row, the category's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    category = models.CharField(max_length=20)
    in_app = models.BooleanField(default=True)
    email = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        constraints = [models.UniqueConstraint(fields=["user", "category"], name="notification_preference_once")]

    def __str__(self):
        return f"{self.user_id} {self.category}"


class ConsentRecord(models.Model):
    """Append-only: each time a person says yes or no to a category that needs consent, when and where."""

    class Source(models.TextChoices):
        PREFERENCES = "preferences", _("Preferences page")
        UNSUBSCRIBE_LINK = "unsubscribe_link", _("Unsubscribe link")
        ONE_CLICK = "one_click", _("One-click unsubscribe (mail client)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_records")
    category = models.CharField(max_length=20)
    channel = models.CharField(max_length=10, choices=[("in_app", _("In the app")), ("email", _("Email"))])
    granted = models.BooleanField()
    source = models.CharField(max_length=20, choices=Source.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("consent record")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user_id} {self.category} {self.granted}"


class EmailTemplate(TranslatableMixin, PreviewableMixin, models.Model):
    """An email's words, edited by marketing; the branded layout around them is the site's (see `email_templates`)."""

    key = models.CharField(_("email"), max_length=64, choices=registry.key_choices)
    subject = models.CharField(_("subject"), max_length=200)
    preheader = models.CharField(
        _("preheader"), max_length=200, blank=True, help_text=_("The line inboxes show after the subject.")
    )
    body = RichTextField(_("body"), features=["h2", "bold", "italic", "ol", "ul", "link"])
    button_label = models.CharField(_("button label"), max_length=80, blank=True)
    button_link = models.CharField(
        _("button link"), max_length=500, blank=True, help_text=_("A placeholder such as {{ link }}, or a full URL.")
    )

    panels = [
        FieldPanel("key"),
        PlaceholdersPanel(heading=_("Placeholders")),
        FieldPanel("subject"),
        FieldPanel("preheader"),
        FieldPanel("body"),
        FieldPanel("button_label"),
        FieldPanel("button_link"),
    ]
    translatable_fields = [
        SynchronizedField("key"),
        TranslatableField("subject"),
        TranslatableField("preheader"),
        TranslatableField("body"),
        TranslatableField("button_label"),
        SynchronizedField("button_link"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("email template")
        ordering = ["key"]
        constraints = [models.UniqueConstraint(fields=["key", "locale"], name="email_template_once_per_locale")]

    def __str__(self):
        return f"{self.key}: {self.subject}"

    def clean(self):
        super().clean()
        try:
            spec = registry.get(self.key)
        except registry.UnknownEmail:
            raise ValidationError({"key": _("No email is registered under this key.")}) from None
        errors = {}
        for name in ("subject", "preheader", "body", "button_label", "button_link"):
            unknown = registry.unknown_placeholders(key=self.key, texts=[getattr(self, name)])
            if unknown:
                errors[name] = _("Unknown placeholder %(names)s. This email may use: %(allowed)s.") % {
                    "names": ", ".join(f"{{{{ {unknown_name} }}}}" for unknown_name in unknown),
                    "allowed": ", ".join(f"{{{{ {allowed} }}}}" for allowed in spec.placeholders),
                }
        if errors:
            raise ValidationError(errors)

    @property
    def preview_modes(self):
        return [("html", _("Email")), ("text", _("Plain text"))]

    def serve_preview(self, request, mode_name):
        from .email_templates import preview

        return preview(template=self, mode=mode_name)


class EmailEvent(models.Model):
    """What the mail provider reported about a message: one row per provider event, however often it is replayed."""

    class Kind(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        REJECTED = "rejected", _("Rejected by the provider")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")
        DEFERRED = "deferred", _("Deferred")
        DELIVERED = "delivered", _("Delivered")
        AUTORESPONDED = "autoresponded", _("Auto-responded")
        OPENED = "opened", _("Opened")
        CLICKED = "clicked", _("Clicked")
        COMPLAINED = "complained", _("Marked as spam")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed at the provider")
        SUBSCRIBED = "subscribed", _("Resubscribed at the provider")
        UNKNOWN = "unknown", _("Unknown")

    outbox = models.ForeignKey(OutboxEmail, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    esp = models.CharField(_("provider"), max_length=40)
    # The provider's event id or, for providers that give none, a digest of the event's contents.
    event_key = models.CharField(max_length=128)
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    recipient = models.EmailField(_("recipient"), blank=True)
    esp_message_id = models.CharField(max_length=255, blank=True)
    hard_bounce = models.BooleanField(_("hard bounce"), default=False)
    description = models.TextField(_("description"), blank=True)
    click_url = models.URLField(_("link clicked"), max_length=2000, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("email event")
        verbose_name_plural = _("email events")
        ordering = ["occurred_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["esp", "event_key"], name="email_event_once")]
        indexes = [models.Index(fields=["kind", "outbox"], name="email_event_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.recipient}"


class EmailSuppression(models.Model):
    """An address no email goes to any more: it bounced for good or its owner marked our email as spam."""

    class Reason(models.TextChoices):
        HARD_BOUNCE = "hard_bounce", _("Hard bounce")
        COMPLAINT = "complaint", _("Spam complaint")
        MANUAL = "manual", _("Added by an admin")

    # Stored lower-cased (see suppression.normalise), so one address is one row.
    address = models.EmailField(_("address"), unique=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True)
    event = models.ForeignKey(
        EmailEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("event")
    )
    created_at = models.DateTimeField(_("suppressed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")
        ordering = ["-created_at"]

    def __str__(self):
        return self.address


OFFSET_HOURS = (-24 * 30, 24 * 365)  # a month before the event to a year after it


class Sequence(ClusterableModel):
    """Emails sent to a person after (or before) an event, step by step, until the exit condition is met."""

    name = models.CharField(_("name"), max_length=120)
    trigger = models.CharField(_("trigger"), max_length=64, choices=sequence_registry.trigger_choices)
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=Category.CHOICES,
        help_text=_("People who turned email off for this category get none of these emails."),
    )
    exit_condition = models.CharField(
        _("exit condition"),
        max_length=64,
        blank=True,
        choices=sequence_registry.exit_choices,
        help_text=_("Once it holds, the person gets none of the remaining steps."),
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive: nobody enters and nothing is sent."))
    # For triggers found by a scan (inactivity…): the end of the last span scanned.
    scanned_until = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("trigger"),
        FieldPanel("category"),
        FieldPanel("exit_condition"),
        FieldPanel("active"),
        InlinePanel("steps", heading=_("Steps"), label=_("Step"), min_num=1),
    ]

    class Meta:
        verbose_name = _("email sequence")
        ordering = ["name"]
        indexes = [models.Index(fields=["trigger", "active"], name="sequence_by_trigger")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        try:
            sequence_registry.trigger(self.trigger)
        except sequence_registry.Unknown:
            raise ValidationError({"trigger": _("No trigger is registered under this key.")}) from None


class SequenceStep(Orderable):
    """One email of a sequence, due a number of hours after the event (or before it, when negative)."""

    sequence = ParentalKey(Sequence, on_delete=models.CASCADE, related_name="steps")
    email = models.CharField(_("email"), max_length=64, choices=registry.key_choices)
    offset_hours = models.IntegerField(
        _("hours after the event"),
        default=0,
        validators=between(*OFFSET_HOURS),
        help_text=_("Negative for before it: -24 is a day before a session starts."),
    )
    condition = models.CharField(
        _("only when"),
        max_length=64,
        blank=True,
        choices=sequence_registry.condition_choices,
        help_text=_("Leave empty to send to everyone still in the sequence."),
    )
    urgent = models.BooleanField(
        _("send during quiet hours"), default=False, help_text=_("For reminders that are useless in the morning.")
    )
    in_app = models.BooleanField(
        _("also show in the notification centre"), default=False, help_text=_("The subject becomes the notice.")
    )

    panels = [
        FieldPanel("email"),
        FieldPanel("offset_hours"),
        FieldPanel("condition"),
        FieldPanel("urgent"),
        FieldPanel("in_app"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("sequence step")
        constraints = [check_between("offset_hours", *OFFSET_HOURS, name="sequence_step_offset_range")]

    def __str__(self):
        return f"{self.sequence} · {self.email} ({self.offset_hours:+d} h)"

    def clean(self):
        super().clean()
        try:
            trigger = sequence_registry.trigger(self.sequence.trigger)
            spec = registry.get(self.email)
        except (sequence_registry.Unknown, registry.UnknownEmail):
            return  # the sequence's and the email's own checks say what is wrong
        missing = set(spec.placeholders) - trigger.placeholders
        if missing:
            raise ValidationError(
                {
                    "email": _("This trigger cannot fill in %(names)s. Choose an email written for it.")
                    % {"names": ", ".join(f"{{{{ {name} }}}}" for name in sorted(missing))}
                }
            )


class SequenceEntry(models.Model):
    """A person in a sequence for one event (its `subject`): entered once, however often the event is told."""

    sequence = models.ForeignKey(Sequence, on_delete=models.CASCADE, related_name="entries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=200)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)  # the registering app's own row
    anchor = models.DateTimeField()
    entered_at = models.DateTimeField(default=timezone.now)
    exited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sequence entry")
        verbose_name_plural = _("sequence entries")
        constraints = [
            models.UniqueConstraint(fields=["sequence", "user", "subject"], name="sequence_entry_once_per_subject")
        ]

    def __str__(self):
        return f"{self.sequence_id} {self.user_id} {self.subject}"


class SequenceDelivery(models.Model):
    """One step for one entry: claimed with a lease, so it goes out at most once."""

    class State(models.TextChoices):
        PENDING = leases.PENDING, _("Waiting")
        SENDING = leases.SENDING, _("Being sent")
        SENT = leases.SENT, _("Sent")
        SKIPPED = "skipped", _("Skipped")
        FAILED = leases.FAILED, _("Failed")

    class Skip(models.TextChoices):
        EXITED = "exited", _("Exit condition met")
        CONDITION = "condition", _("Step condition not met")
        OPTED_OUT = "opted_out", _("Email turned off by the person")
        SUPERSEDED = "superseded", _("A later step was already due")
        STALE = "stale", _("Due before the person entered")
        NO_ADDRESS = "no_address", _("No email address")

    entry = models.ForeignKey(SequenceEntry, on_delete=models.CASCADE, related_name="deliveries")
    step = models.ForeignKey(SequenceStep, on_delete=models.CASCADE, related_name="deliveries")
    due_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    skip_reason = models.CharField(max_length=12, choices=Skip.choices, blank=True)
    # While `sending`, held until this time by the tick whose token is `claim`; a tick that died lets it lapse.
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sequence delivery")
        verbose_name_plural = _("sequence deliveries")
        constraints = [models.UniqueConstraint(fields=["entry", "step"], name="sequence_delivery_once_per_step")]
        indexes = [
            models.Index(
                fields=["due_at"], condition=models.Q(state__in=["pending", "sending"]), name="sequence_delivery_due"
            )
        ]

    def __str__(self):
        return f"{self.entry_id} step {self.step_id} {self.state}"
