"""Short texts of a record (a course's title, a bundle's summary) in the site's other languages.

The model's own fields hold the default language; `translations` holds {"ar": {"title": "…"}} for the others,
read in the active language with the default as fallback, so a missing translation never leaves a blank.
"""

import types

from django import forms
from django.conf import settings
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


def other_languages() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class Translated(models.Model):
    translated_fields: tuple[str, ...] = ()

    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        abstract = True

    def in_language(self, field: str, language: str) -> str:
        return (self.translations.get(language.split("-")[0]) or {}).get(field) or getattr(self, field)

    def in_active_language(self, field: str) -> str:
        return self.in_language(field, get_language() or settings.LANGUAGE_CODE)

    def set_translation(self, language: str, **texts: str) -> None:
        """Replaces the texts given for `language`; an empty text removes it (the default shows instead)."""
        kept = {field: text for field, text in {**self.translations.get(language, {}), **texts}.items() if text}
        others = {code: fields for code, fields in self.translations.items() if code != language}
        self.translations = {**others, language: kept} if kept else others

    def save_translation(self, language: str, **texts: str) -> None:
        before = self.translations
        self.set_translation(language, **texts)
        if self.translations != before:
            self.save(update_fields=["translations"])

    @property
    def localized_title(self) -> str:
        return self.in_active_language("title")


def translation_form_class(model: type[Translated], base=WagtailAdminModelForm):
    """An admin form with one field per translated field and other language (`title_ar`…), kept in `translations`."""
    declared = {}
    for code, name in other_languages():
        for field in model.translated_fields:
            source = model._meta.get_field(field)
            declared[f"{field}_{code}"] = forms.CharField(
                label=f"{source.verbose_name} ({name})",
                required=False,
                max_length=source.max_length,
                widget=forms.Textarea(attrs={"rows": 3}) if isinstance(source, models.TextField) else None,
            )

    class TranslationForm(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for code, _name in other_languages():
                for field in model.translated_fields:
                    self.fields[f"{field}_{code}"].initial = (self.instance.translations.get(code) or {}).get(field, "")

        def save(self, commit=True):
            for code, _name in other_languages():
                texts = {
                    field: self.cleaned_data.get(f"{field}_{code}", "").strip() for field in model.translated_fields
                }
                self.instance.set_translation(code, **texts)
            return super().save(commit=commit)

    # Declared fields must exist when the class is made: Wagtail builds its form from the panels' field names.
    return types.new_class(f"{model.__name__}TranslationForm", (TranslationForm,), {}, lambda ns: ns.update(declared))


def translation_panels(model: type[Translated]) -> list:
    return [
        MultiFieldPanel(
            [FieldPanel(f"{field}_{code}") for field in model.translated_fields],
            heading=format_lazy(_("In {language}"), language=name),
        )
        for code, name in other_languages()
    ]
