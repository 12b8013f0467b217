"""Bundles of courses and session packages sold at their own price, and add-ons offered beside a course (order bump,
upsell)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from core.bounds import between
from core.money import Money
from core.translated import Translated

from .amounts import validate_price_row

AMOUNT = {"max_digits": 14, "decimal_places": 3}
MAX_PRICE = 1_000_000
MAX_PERCENT_OFF = 90


class Bundle(Translated, ClusterableModel):
    """Several courses and session packages sold together at one price per currency (set by an admin, or derived
    like a course's).

    Its items and prices are edited with it in one admin form, hence the parental keys; its title and summary in
    other languages are kept in `translations`."""

    translated_fields = ("title", "summary")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    active = models.BooleanField(_("on sale"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bundle")
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def localized_summary(self) -> str:
        return self.in_active_language("summary")


class BundleItem(models.Model):
    """One thing inside a bundle: a course or a session package, never both."""

    bundle = ParentalKey(Bundle, on_delete=models.CASCADE, related_name="items")
    course = models.ForeignKey(
        "learning.Course", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("course")
    )
    package = models.ForeignKey(
        "commerce.SessionPackage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("session package"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0, editable=False)
    sort_order_field = "position"  # the admin's drag-and-drop order

    class Meta:
        verbose_name = _("bundle item")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bundle", "course"], name="bundle_course_once"),
            models.UniqueConstraint(fields=["bundle", "package"], name="bundle_package_once"),
            models.CheckConstraint(
                condition=Q(course__isnull=False, package__isnull=True) | Q(course__isnull=True, package__isnull=False),
                name="bundle_item_course_or_package",
            ),
        ]

    def __str__(self):
        return f"{self.bundle}: {self.item}"

    @property
    def item(self):
        return self.course if self.course_id else self.package

    @property
    def key(self) -> str:
        """Names the item in a bundle's prices and shares: `course:12` or `package:3`."""
        return f"course:{self.course_id}" if self.course_id else f"package:{self.package_id}"

    def clean(self):
        if bool(self.course_id) == bool(self.package_id):
            raise ValidationError(_("Choose a course or a session package for each item, not both."))


class BundlePrice(models.Model):
    """An admin's price for a bundle in one currency; other currencies are derived from the base one."""

    bundle = ParentalKey(Bundle, on_delete=models.CASCADE, related_name="prices")
    currency = models.CharField(_("currency"), max_length=3)
    amount = models.DecimalField(_("amount"), **AMOUNT, validators=between(0, MAX_PRICE))

    class Meta:
        verbose_name = _("bundle price")
        ordering = ["bundle__title", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["bundle", "currency"], name="one_price_per_bundle_currency"),
            models.CheckConstraint(condition=Q(amount__gt=0, amount__lte=MAX_PRICE), name="bundle_price_range"),
        ]

    def __str__(self):
        return f"{self.bundle}: {self.money}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)

    def clean(self):
        validate_price_row(self, not_positive=_("A bundle is sold for more than zero."))


class AddOnOffer(models.Model):
    """For buyers of `course`, `add_on` at a discount: a checkbox at checkout, or one offer after payment."""

    class Placement(models.TextChoices):
        ORDER_BUMP = "bump", _("Checkbox at checkout (order bump)")
        UPSELL = "upsell", _("One-click offer after payment (upsell)")

    placement = models.CharField(_("where"), max_length=6, choices=Placement.choices)
    course = models.ForeignKey(
        "learning.Course", on_delete=models.CASCADE, related_name="+", verbose_name=_("when buying")
    )
    add_on = models.ForeignKey("learning.Course", on_delete=models.PROTECT, related_name="+", verbose_name=_("offer"))
    percent_off = models.PositiveSmallIntegerField(
        _("discount (%)"), default=0, validators=between(0, MAX_PERCENT_OFF), help_text=_("Off the add-on's own price.")
    )
    headline = models.CharField(
        _("headline"), max_length=160, blank=True, help_text=_("Shown to the buyer; empty: the add-on's title.")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("add-on offer")
        ordering = ["course__title", "placement"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "placement"],
                condition=Q(active=True),
                name="one_active_add_on_per_place",
                violation_error_message=_("This course already has an active offer in this place."),
            ),
            models.CheckConstraint(condition=~Q(course=F("add_on")), name="add_on_is_another_course"),
            models.CheckConstraint(condition=Q(percent_off__lte=MAX_PERCENT_OFF), name="add_on_discount_range"),
        ]

    def __str__(self):
        return f"{self.course} → {self.add_on}"

    def clean(self):
        if self.course_id and self.course_id == self.add_on_id:
            raise ValidationError({"add_on": _("Offer another course than the one being bought.")})
