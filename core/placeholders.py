"""`{{ name }}` placeholders in editors' words: finding them, refusing unknown ones, filling them in."""

from __future__ import annotations

import re

from django.utils.html import escape

# Any `{{ ... }}`, so that `{{ name|upper }}` or `{{ user.email }}` is caught as unknown rather than left in the text.
PLACEHOLDER = re.compile(r"{{(.*?)}}", re.DOTALL)


def placeholders_in(text: str) -> list[str]:
    return [match.strip() for match in PLACEHOLDER.findall(str(text or ""))]


def unknown_placeholders(*, allowed, texts) -> list[str]:
    found = {name for text in texts for name in placeholders_in(text)}
    return sorted(found - set(allowed))


def fill(text: str, values: dict[str, str], *, escape_values: bool = False) -> str:
    """`text` with each placeholder replaced by its value; an unknown one by nothing."""

    def value(match: re.Match) -> str:
        found = values.get(match.group(1).strip(), "")
        return escape(found).replace("\n", "<br>") if escape_values else found

    return PLACEHOLDER.sub(value, str(text or ""))
