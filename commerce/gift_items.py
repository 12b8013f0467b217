"""What a gift gives: a course (an enrollment) or a session package (live-session credits).

Redemption, refunds, emails and pages ask the gift's item, so they word and deliver either one without a branch.
A package's credits are granted at redemption, so its validity is counted from then, not from the purchase.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from learning import services as learning
from learning.models import Enrollment
from scheduling.services import credits

from .lines.base import Price
from .lines.course import course_price, refuse_unless_on_sale
from .lines.package import PackageLine


class GiftedCourse:
    email_key = "commerce.gift_received"
    start_view = "commerce:gift-start"
    # Whether a refund takes the gift back whatever the refund policy says about access.
    always_taken_back = False

    def __init__(self, gift):
        self.gift = gift
        self.course = gift.course

    @property
    def slug(self) -> str:
        return self.course.slug

    def price(self, currency: str) -> Price | None:
        return course_price(self.course, currency)

    def refuse_unless_on_sale(self) -> None:
        refuse_unless_on_sale(self.course)

    def owned_by(self, user) -> bool:
        return learning.has_access(student=user, course=self.course)

    def deliver(self, *, user, now: datetime) -> None:
        learning.enroll(student=user, course=self.course, source=Enrollment.Source.GIFT)

    def take_back(self) -> None:
        enrollment = Enrollment.objects.filter(student=self.gift.redeemed_by, course=self.course).first()
        if enrollment is not None:
            learning.revoke_enrollment(enrollment=enrollment, status=Enrollment.Status.REFUNDED)

    def unused_share(self) -> Decimal:
        return Decimal(1)  # the refund policy reads the course's progress itself

    def where_it_is(self) -> str:
        return reverse("learning:course", args=[self.course.slug])

    def redeemed_notice(self) -> str:
        return _("Your gift is unwrapped: %(title)s is yours.") % {"title": self.course.localized_title}

    def told_to_buyer(self) -> str:
        return _("%(name)s has started %(course)s.") % {
            "name": self.gift.recipient_name,
            "course": self.course.localized_title,
        }


class GiftedPackage:
    email_key = "commerce.gift_package_received"
    start_view = "commerce:package-gift-start"
    always_taken_back = True  # as for a package bought for oneself: what is refunded is the unused sessions

    def __init__(self, gift):
        self.gift = gift
        self.package = gift.package
        self.line = PackageLine(gift.package)

    @property
    def slug(self) -> str:
        return self.package.slug

    @property
    def reference(self) -> str:
        return f"gift:{self.gift.pk}"

    def price(self, currency: str) -> Price | None:
        return self.line.price(currency)

    def refuse_unless_on_sale(self) -> None:
        self.line.refuse_unless_buyable(None)

    def owned_by(self, user) -> bool:
        return False  # sessions are never "owned": a second package adds to the first

    def deliver(self, *, user, now: datetime) -> None:
        note = _("Gift from %(name)s") % {"name": self.gift.buyer.name}
        self.line.deliver(to=user, reference=self.reference, note=note, at=now)

    def take_back(self) -> None:
        self.line.take_back(
            holder=self.gift.redeemed_by,
            reference=self.reference,
            reason=_("Refund of a gift from %(name)s") % {"name": self.gift.buyer.name},
            quantity=self.package.sessions,
        )

    def unused_share(self) -> Decimal:
        if self.gift.redeemed_by_id is None:
            return Decimal(1)
        left, granted = credits.unused_in_grant(student=self.gift.redeemed_by, grant_reference=self.reference)
        return Decimal(left) / Decimal(granted) if granted else Decimal(1)

    def where_it_is(self) -> str:
        return reverse("scheduling:student-sessions")

    def redeemed_notice(self) -> str:
        return _("Your gift is unwrapped: %(title)s is yours, and your session credits are ready to book.") % {
            "title": self.package.localized_title
        }

    def told_to_buyer(self) -> str:
        return _("%(name)s has received %(package)s and can book sessions now.") % {
            "name": self.gift.recipient_name,
            "package": self.package.localized_title,
        }


def item_of(gift) -> GiftedCourse | GiftedPackage:
    return GiftedPackage(gift) if gift.package_id else GiftedCourse(gift)
