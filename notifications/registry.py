"""Apps register the emails they send: a stable key, the placeholders it may use, sample data and default text.

The engine imports no domain app; each app calls `register_email()` from its AppConfig.ready().
"""

from __future__ import annotations

from dataclasses import dataclass

from core import placeholders


@dataclass(frozen=True)
class EmailSpec:
    key: str
    label: str
    placeholders: dict[str, str]  # name -> what it holds, shown to editors
    sample: dict[str, str]
    subject: str  # defaults are lazy translations, read in the recipient's language
    body: tuple[str, ...]  # paragraphs, so translators see sentences rather than HTML
    preheader: str = ""
    button_label: str = ""
    button_link: str = ""


_EMAILS: dict[str, EmailSpec] = {}


class UnknownEmail(LookupError):
    pass


def register_email(
    *, key: str, label: str, placeholders: dict, sample: dict, subject, body: tuple, **defaults
) -> EmailSpec:
    """Declare an email; registering the same key again (a second ready() in tests) replaces it."""
    missing = set(placeholders) - set(sample)
    if missing:
        raise ValueError(f"Email {key!r} needs sample data for {sorted(missing)}")
    spec = EmailSpec(
        key=key, label=label, placeholders=placeholders, sample=sample, subject=subject, body=body, **defaults
    )
    _EMAILS[key] = spec
    return spec


def get(key: str) -> EmailSpec:
    try:
        return _EMAILS[key]
    except KeyError:
        raise UnknownEmail(key) from None


def registered() -> list[EmailSpec]:
    return sorted(_EMAILS.values(), key=lambda spec: spec.key)


def key_choices() -> list[tuple[str, str]]:
    return [(spec.key, f"{spec.label} ({spec.key})") for spec in registered()]


def unknown_placeholders(*, key: str, texts: list[str]) -> list[str]:
    return placeholders.unknown_placeholders(allowed=get(key).placeholders, texts=texts)
