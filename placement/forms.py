"""Admin forms: a placement test is refused on save unless its score bands give every score one level."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import scoring


class PlacementTestForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        bands_formset = self.formsets.get("bands")
        if bands_formset is None or not bands_formset.is_valid():
            return cleaned  # the band rows show their own errors first
        framework = cleaned.get("framework")
        bands = []
        for form in bands_formset.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            level = data["level"]
            if framework is not None and level.framework_id != framework.pk:
                self.add_error(
                    None,
                    _("The level %(level)s is not part of the %(framework)s framework.")
                    % {"level": level, "framework": framework},
                )
            bands.append(scoring.Band(data["min_score"], data["max_score"], level))
        for error in scoring.band_errors(bands):
            self.add_error(None, error)
        sections_formset = self.formsets.get("sections")
        if sections_formset is not None and sections_formset.is_valid():
            live_sections = [f for f in sections_formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            if cleaned.get("is_live") and not live_sections:
                self.add_error("is_live", _("Add at least one section before opening the test."))
        return cleaned
