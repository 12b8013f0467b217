"""Admin forms for bundles (their courses, packages, prices and translations edited together) and add-on offers."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList

from core.translated import translation_form_class, translation_panels

from .offer_models import Bundle

MIN_BUNDLE_ITEMS = 2


def _kept_rows(formset) -> list[dict]:
    """The rows of a valid inline formset that are filled in and not marked for deletion."""
    return [form.cleaned_data for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


class BundleAdminForm(WagtailAdminModelForm):
    """A bundle is saved with at least two different items (courses or session packages), at least one course, and
    one price per currency, one of them in the base currency (the others are derived from it unless set)."""

    def clean(self):
        cleaned = super().clean()
        # A course, package, currency or language entered twice is refused by the formsets' own unique checks.
        items, prices = self.formsets.get("items"), self.formsets.get("prices")
        if items is not None and items.is_valid():
            kept = _kept_rows(items)
            if len(kept) < MIN_BUNDLE_ITEMS:
                self.add_error(None, _("A bundle holds at least two items."))
            elif not any(row.get("course") for row in kept):
                self.add_error(None, _("A bundle holds at least one course."))
        if prices is not None and prices.is_valid():
            base = settings.COMMERCE_BASE_CURRENCY
            if base not in {row["currency"] for row in _kept_rows(prices)}:
                self.add_error(
                    None,
                    _("Set the bundle's price in %(base)s; prices in other currencies are derived from it unless set.")
                    % {"base": base},
                )
        return cleaned


def _currency_choices():
    return [(code, code) for code in settings.FLUENTORY_CURRENCIES]


bundle_edit_handler = ObjectList(
    [
        FieldRowPanel([FieldPanel("title"), FieldPanel("slug")]),
        FieldPanel("summary"),
        FieldPanel("active"),
        InlinePanel(
            "items",
            heading=gettext_lazy("Courses and session packages"),
            label=gettext_lazy("Item"),
            help_text=gettext_lazy(
                "At least two, one of them a course; each item is a course or a session package. Buyers get the "
                "courses they do not own yet, and every package's credits with its own validity."
            ),
            panels=[FieldRowPanel([FieldPanel("course"), FieldPanel("package")])],
        ),
        *translation_panels(Bundle),
        InlinePanel(
            "prices",
            heading=gettext_lazy("Prices"),
            label=gettext_lazy("Price"),
            help_text=gettext_lazy(
                "The price of the whole bundle, in the currency's minor units (JOD: three decimals, in steps of "
                "0.010). The base currency is required; other currencies are derived from it unless set here."
            ),
            panels=[
                FieldRowPanel(
                    [FieldPanel("currency", widget=forms.Select(choices=_currency_choices())), FieldPanel("amount")]
                )
            ],
        ),
    ],
    base_form_class=translation_form_class(Bundle, base=BundleAdminForm),
)

add_on_offer_edit_handler = ObjectList(
    [
        FieldPanel("placement"),
        FieldRowPanel([FieldPanel("course"), FieldPanel("add_on")]),
        FieldRowPanel([FieldPanel("percent_off"), FieldPanel("active")]),
        FieldPanel("headline"),
    ]
)
