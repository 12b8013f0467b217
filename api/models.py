"""API credentials and outgoing webhooks.

Tokens and client secrets are stored as SHA-256 digests beside a short public prefix that finds the row; the
plain value is shown once when created. A webhook endpoint's signing secret must be readable to sign each
delivery, so it is kept as given and shown in full only once.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PersonalToken(models.Model):
    """A student's or teacher's own token for scripts and integrations."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal API token")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class ApiClient(models.Model):
    """Client credentials for a partner or an integration, created by an admin."""

    name = models.CharField(_("name"), max_length=100)
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_clients",
        limit_choices_to={"is_partner": True},
        verbose_name=_("partner"),
        help_text=_("The partner whose referrals and commissions it reads; empty for an integration."),
    )
    client_id = models.CharField(_("client id"), max_length=40, unique=True, editable=False)
    secret_digest = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ClientAccessToken(models.Model):
    """A short-lived bearer token issued to a client for its credentials (OAuth2 client_credentials grant)."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="access_tokens")
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="api_access_token_expiry")]

    def __str__(self):
        return f"{self.client} ({self.prefix}…)"


class WebhookEndpoint(models.Model):
    """Where events are POSTed: the site's own (an admin's, partner empty) or a partner's (their referrals only)."""

    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        limit_choices_to={"is_partner": True},
        verbose_name=_("partner"),
    )
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=80, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook endpoint")
        ordering = ["-created_at"]

    def __str__(self):
        return self.url

    @property
    def secret_hint(self) -> str:
        return f"{self.secret[:10]}…"


class OutgoingEvent(models.Model):
    """One event as sent to receivers: its id never changes, so retries and replays can be deduplicated."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(_("type"), max_length=40)
    # The funnel event it comes from: a listener run twice records it once.
    source_event = models.OneToOneField(
        "analytics.Event", null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    data = models.JSONField(default=dict)
    # Partners whose referred students or orders the event concerns (their endpoints receive it).
    partner_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("outgoing event")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.type} {self.id}"


class WebhookDelivery(models.Model):
    """One event sent to one endpoint, tried until it is accepted; a replay is a new delivery of the same event."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(OutgoingEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    replay_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replays")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The first delivery of an event to an endpoint happens once; replays are the only others.
            models.UniqueConstraint(
                fields=["event", "endpoint"], condition=Q(replay_of__isnull=True), name="webhook_delivery_once"
            ),
        ]

    def __str__(self):
        return f"{self.event} → {self.endpoint}"


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField(_("attempt"))
    attempted_at = models.DateTimeField(_("at"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    response_excerpt = models.CharField(_("response"), max_length=500, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        verbose_name = _("delivery attempt")
        ordering = ["delivery", "number"]

    def __str__(self):
        return f"{self.delivery_id} #{self.number}: {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
