from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import Category
from .models import EmailSuppression
from .preferences import Channels
from .suppression import normalise

CHANNELS = (("in_app", _("In the app")), ("email", _("Email")))


class PreferencesForm(forms.Form):
    """One checkbox per category and channel; essential categories are shown as always on, not as fields."""

    def __init__(self, *args, current: dict[str, Channels], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for category, label in Category.CHOICES:
            if category in Category.ESSENTIAL:
                self.rows.append((label, None))
                continue
            names = []
            for channel, channel_label in CHANNELS:
                name = f"{category}__{channel}"
                self.fields[name] = forms.BooleanField(
                    required=False, label=f"{label}: {channel_label}", initial=getattr(current[category], channel)
                )
                names.append(self[name])
            self.rows.append((label, names))

    def chosen(self) -> dict[str, Channels]:
        return {
            category: Channels(
                in_app=self.cleaned_data[f"{category}__in_app"], email=self.cleaned_data[f"{category}__email"]
            )
            for category, _label in Category.CHOICES
            if category not in Category.ESSENTIAL
        }


class SuppressionForm(forms.ModelForm):
    """An admin suppresses an address by hand; stored the way bounce reports store it, so it matches them."""

    class Meta:
        model = EmailSuppression
        fields = ["address", "reason", "note"]

    def clean_address(self):
        return normalise(self.cleaned_data["address"])
