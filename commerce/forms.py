from functools import lru_cache

from babel import Locale
from django import forms
from django.utils import translation
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
