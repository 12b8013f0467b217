"""The editor's reminder of which placeholders an email may use, shown beside the fields that use them."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from wagtail.admin.panels import HelpPanel

from . import registry


def placeholders_help(*, key: str) -> str:
    try:
        specs = [registry.get(key)]
    except registry.UnknownEmail:  # a new template: its email is not chosen yet
        specs = registry.registered()
    return format_html_join(
        "",
        "<p><strong>{}</strong></p><ul>{}</ul>",
        (
            (
                spec.label,
                format_html_join(
                    "",
                    "<li><code>{{{{ {} }}}}</code>: {}</li>",
                    ((name, text) for name, text in spec.placeholders.items()),
                ),
            )
            for spec in specs
        ),
    ) or format_html("<p>{}</p>", _("No email is registered."))


class PlaceholdersPanel(HelpPanel):
    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.content = format_html(
                "<p>{}</p>{}", _("Placeholders this email may use:"), placeholders_help(key=self.instance.key)
            )
