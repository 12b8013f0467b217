from django import forms
from django.utils.translation import gettext_lazy as _

from api import scopes
from api.services import webhooks


class PersonalTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What uses it, e.g. my CRM sync."))
    scopes = forms.MultipleChoiceField(label=_("Scopes"), widget=forms.CheckboxSelectMultiple)
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text=_("Optional.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = scopes.choices(scopes.personal_scopes_for(user))


class EndpointForm(forms.Form):
    url = forms.URLField(label=_("Address (https)"), max_length=500, assume_scheme="https")
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"), widget=forms.CheckboxSelectMultiple, choices=webhooks.event_choices
    )
