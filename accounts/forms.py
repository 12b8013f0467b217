from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import TeacherApplication, User
from .timezones import is_valid_time_zone, time_zone_choices


class TimeZoneField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=time_zone_choices, **kwargs)


class SignupDetailsForm(forms.Form):
    """Extra fields on allauth's sign-up form; the time zone is filled in by the browser."""

    display_name = forms.CharField(label=_("Your name"), max_length=120)
    time_zone = forms.CharField(label=_("Time zone"), max_length=64, required=False, widget=forms.HiddenInput)

    def clean_time_zone(self):
        value = self.cleaned_data.get("time_zone") or "UTC"
        return value if is_valid_time_zone(value) else "UTC"

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.time_zone = self.cleaned_data["time_zone"]
        user.preferred_language = (request.LANGUAGE_CODE or "en").split("-")[0]
        user.preferred_currency = getattr(request, "currency", "")
        user.save(update_fields=["display_name", "time_zone", "preferred_language", "preferred_currency"])


class ProfileForm(forms.ModelForm):
    time_zone = TimeZoneField(label=_("Time zone"))
    preferred_currency = forms.ChoiceField(label=_("Preferred currency"))

    class Meta:
        model = User
        fields = [
            "display_name",
            "first_name",
            "last_name",
            "country",
            "time_zone",
            "preferred_language",
            "preferred_currency",
        ]

    def clean_country(self):
        return self.cleaned_data["country"].strip().upper()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_currency"].choices = [(code, code) for code in settings.FLUENTORY_CURRENCIES]


class CurrencyForm(forms.Form):
    currency = forms.ChoiceField(label=_("Currency"))
    next = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = [(code, code) for code in settings.FLUENTORY_CURRENCIES]


class TeacherApplicationForm(forms.ModelForm):
    class Meta:
        model = TeacherApplication
        fields = ["name", "email", "languages", "experience", "document", "message"]
        widgets = {"experience": forms.Textarea(attrs={"rows": 5}), "message": forms.Textarea(attrs={"rows": 4})}


class LoginLinkForm(forms.Form):
    """Nothing to fill in: the button makes the login a POST, so a mail scanner opening the link logs no one in."""
