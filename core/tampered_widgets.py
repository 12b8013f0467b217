"""Wagtail admin widgets that read a tampered value as "nothing entered", so the form answers with its own
field error instead of a 500.

- Choosers look up the submitted id when a form is shown again with its errors; an id that is not a number
  raises ValueError there.
- Draftail rich text decodes the submitted JSON in `value_from_datadict`; a body that is not Draftail's JSON
  raises there, before the field can say anything.
"""

from django.core.exceptions import ValidationError
from wagtail.admin.rich_text.editors.draftail import DraftailRichTextArea
from wagtail.admin.widgets.chooser import BaseChooser

_chooser_lookup = BaseChooser.get_instance
_draftail_value = DraftailRichTextArea.value_from_datadict


def _get_instance_or_none(self, value):
    try:
        return _chooser_lookup(self, value)
    except (ValueError, TypeError, ValidationError):
        return None


def _draftail_value_or_none(self, data, files, name):
    try:
        return _draftail_value(self, data, files, name)
    except (ValueError, TypeError, AttributeError, KeyError):
        return None


def install() -> None:
    BaseChooser.get_instance = _get_instance_or_none
    DraftailRichTextArea.value_from_datadict = _draftail_value_or_none
