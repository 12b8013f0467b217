"""Wagtail's chooser widgets look up the submitted id when a form is shown again with its errors; an id that
is not a number (a tampered form) raises ValueError there, a 500. Read it as "nothing chosen" instead: the
form's own field has already refused it with a message."""

from django.core.exceptions import ValidationError
from wagtail.admin.widgets.chooser import BaseChooser

_lookup = BaseChooser.get_instance


def _get_instance_or_none(self, value):
    try:
        return _lookup(self, value)
    except (ValueError, TypeError, ValidationError):
        return None


def install() -> None:
    BaseChooser.get_instance = _get_instance_or_none
