from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from django import forms
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .gateways import enabled_gateways


def country_choices():
    return [("", _("Choose your country")), *_countries((translation.get_language() or "en").split("-")[0])]


@lru_cache(maxsize=16)
def _countries(language: str) -> tuple[tuple[str, str], ...]:
    territories = Locale.parse(language).territories
    return tuple(
        sorted(
            ((code, name) for code, name in territories.items() if len(code) == 2 and code.isalpha() and code != "ZZ"),
            key=lambda item: item[1],
        )
    )


class CheckoutForm(forms.Form):
    gateway = forms.ChoiceField(label=_("Pay with"), widget=forms.RadioSelect)
    country = forms.ChoiceField(
        label=_("Billing country"), required=False, help_text=_("Tax is charged by the buyer's country.")
    )
    add_on = forms.BooleanField(required=False)
    save_payment_method = forms.BooleanField(
        label=_("Keep my card with the payment provider so I can accept an offer after this purchase in one click"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        gateways = enabled_gateways()
        self.fields["gateway"].choices = [(gateway.code, gateway.label) for gateway in gateways]
        if gateways:
            self.fields["gateway"].initial = gateways[0].code
        self.fields["country"].choices = country_choices()


class TestGatewayForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[("success", _("Succeed")), ("decline", _("Decline")), ("pending", _("Leave pending"))]
    )


class RefundRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you asking for a refund?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class GiftRecipientForm(forms.Form):
    recipient_name = forms.CharField(label=_("Recipient's name"), max_length=120)
    recipient_email = forms.EmailField(label=_("Recipient's email"))


class GiftScheduleForm(forms.Form):
    """When the gift is emailed: now, or a day and time in the buyer's own time zone."""

    when = forms.ChoiceField(
        label=_("Send the gift"),
        choices=[("now", _("Now")), ("later", _("On a day and time I choose"))],
        initial="now",
        widget=forms.RadioSelect,
    )
    send_date = forms.DateField(label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    send_time = forms.TimeField(label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, *args, time_zone: str = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone
        self.fields["send_time"].help_text = _("In your time zone, %(zone)s.") % {"zone": time_zone}

    def clean(self):
        data = super().clean()
        if data.get("when") != "later":
            data["send_at"] = timezone.now()
            return data
        if not data.get("send_date") or not data.get("send_time"):
            raise forms.ValidationError(_("Choose the day and the time the gift should arrive."))
        local = datetime.combine(data["send_date"], data["send_time"])
        data["send_at"] = timezone.make_aware(local, ZoneInfo(self.time_zone))
        if data["send_at"] < timezone.now() - timedelta(minutes=5):
            raise forms.ValidationError(_("Choose a moment in the future, or send it now."))
        return data


class GiftForm(GiftRecipientForm, GiftScheduleForm, CheckoutForm):
    message = forms.CharField(
        label=_("Your message"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    language = forms.ChoiceField(label=_("Language of the gift email"), choices=settings.LANGUAGES)
    # Neither an order bump nor a one-click card is offered with a gift: the buyer pays for someone else.
    add_on = None
    save_payment_method = None
    field_order = [
        "recipient_name",
        "recipient_email",
        "message",
        "language",
        "when",
        "send_date",
        "send_time",
        "country",
        "gateway",
    ]
