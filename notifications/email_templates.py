"""Every email's subject, HTML and plain text: the editors' words, filled in, inside the branded layout.

The HTML layout is written with a <style> block for readability; css-inline moves it into style attributes,
since many email clients drop <style>.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass, replace

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail.models import Locale
from wagtail.rich_text import expand_db_html

from core.placeholders import fill as _fill
from core.site_url import absolute_url

from . import registry
from .models import EmailTemplate


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    html: str
    text: str
    language: str
    key: str = ""
    title: str = ""  # the subject without the site's prefix, for an in-app notice

    def message(self, *, to: list[str], headers: dict | None = None, from_email: str | None = None):
        """The email ready to send, both parts; the outbox records which registered email it was (`email_key`)."""
        message = EmailMultiAlternatives(
            subject=self.subject, body=self.text, from_email=from_email, to=to, headers=headers
        )
        message.attach_alternative(self.html, "text/html")
        message.email_key = self.key
        return message


@dataclass(frozen=True)
class Words:
    subject: str
    preheader: str
    body: str
    button_label: str
    button_link: str

    @classmethod
    def of(cls, template: EmailTemplate) -> Words:
        return cls(**{name: getattr(template, name) for name in cls.__dataclass_fields__})

    @classmethod
    def defaults(cls, spec: registry.EmailSpec) -> Words:
        """The registering app's default words, in the active language."""
        body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in spec.body)
        return cls(
            subject=str(spec.subject),
            preheader=str(spec.preheader),
            body=body,
            button_label=str(spec.button_label),
            button_link=spec.button_link,
        )


def render_email(*, key: str, language: str, context: dict, unsubscribe_url: str = "") -> RenderedEmail:
    """The email `key` for a reader of `language`: their translation, else the site language's, else the defaults.

    A non-essential email passes its signed `unsubscribe_url`, shown in the footer of both parts."""
    return render_with(
        template=template_for(key=key, language=language),
        key=key,
        language=language,
        context=context,
        unsubscribe_url=unsubscribe_url,
    )


def render_with(
    *, template: EmailTemplate | None, key: str, language: str, context: dict, unsubscribe_url: str = ""
) -> RenderedEmail:
    """`render_email` with the template already looked up (see `templates_for`, for many emails at once)."""
    spec = registry.get(key)
    if template is not None:
        language = template.locale.language_code  # an English fallback is laid out left to right
    with translation.override(language):
        words = Words.of(template) if template is not None else Words.defaults(spec)
        rendered = _render(words, language=language, context=context, unsubscribe_url=unsubscribe_url)
    return replace(rendered, key=key)


def template_for(*, key: str, language: str) -> EmailTemplate | None:
    return templates_for(keys={key}, languages={language})(key, language)


def templates_for(*, keys: set[str], languages: set[str]):
    """One query for the templates of `keys` in `languages`; answers a lookup (key, language) -> template or None
    that falls back to the site language's template."""
    found = {
        (template.key, template.locale.language_code): template
        for template in EmailTemplate.objects.filter(
            key__in=keys, locale__language_code__in={*languages, settings.LANGUAGE_CODE}
        ).select_related("locale")
    }

    def lookup(key: str, language: str) -> EmailTemplate | None:
        return found.get((key, language)) or found.get((key, settings.LANGUAGE_CODE))

    return lookup


def preview(*, template: EmailTemplate, mode: str) -> HttpResponse:
    """The template as it is being edited, filled with its email's sample data, in the template's own language."""
    language = template.locale.language_code
    with translation.override(language):
        rendered = _render(Words.of(template), language=language, context=registry.get(template.key).sample)
    if mode == "text":
        return HttpResponse(f"{rendered.subject}\n\n{rendered.text}", content_type="text/plain; charset=utf-8")
    return HttpResponse(rendered.html)


def seed_default_templates() -> int:
    """Store every registered email's default words in each locale, so editors find them ready to edit."""
    created = 0
    default_locale = Locale.get_default()
    for spec in registry.registered():
        source = EmailTemplate.objects.filter(key=spec.key, locale=default_locale).first()
        if source is None:
            with translation.override(default_locale.language_code):
                source = EmailTemplate.objects.create(
                    key=spec.key, locale=default_locale, **asdict(Words.defaults(spec))
                )
            created += 1
        for locale in Locale.objects.exclude(pk=default_locale.pk):
            if EmailTemplate.objects.filter(key=spec.key, locale=locale).exists():
                continue
            copy = source.copy_for_translation(locale)
            with translation.override(locale.language_code):
                for name, value in asdict(Words.defaults(spec)).items():
                    setattr(copy, name, value)
            copy.save()
            created += 1
    return created


def _render(words: Words, *, language: str, context: dict, unsubscribe_url: str = "") -> RenderedEmail:
    values = {name: "" if value is None else str(value) for name, value in context.items()}
    body = _fill(_absolute_links(expand_db_html(words.body)), values, escape_values=True)
    body = _without_empty_paragraphs(body)
    layout = {
        "language": language,
        "direction": "rtl" if language in settings.RTL_LANGUAGES else "ltr",
        "subject": _fill(words.subject, values),
        "preheader": _fill(words.preheader, values),
        "body": mark_safe(body),  # editors' rich text, with every filled-in value escaped
        "button_label": _fill(words.button_label, values),
        "button_link": _absolute(_fill(words.button_link, values)),
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe_url,
    }
    page = css_inline.inline(render_to_string("notifications/email/layout.html", layout))
    text = render_to_string("notifications/email/layout.txt", {**layout, "body": _as_text(body)})
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(layout["subject"].split())  # a header is one line
    return RenderedEmail(
        subject=subject,
        html=page,
        text=text.strip() + "\n",
        language=language,
        title=" ".join(layout["subject"].split()),
    )


def _without_empty_paragraphs(body: str) -> str:
    """Drop a paragraph left with nothing to read once filled in (no reason given, no message written).

    Editors' saved rich text marks each paragraph (`<p data-block-key="…">`) and may wrap the placeholder in
    bold or italics, so emptiness is judged on the text, not on the markup."""

    def kept(match: re.Match) -> str:
        return match.group(0) if html.unescape(strip_tags(match.group(1))).strip() else ""

    return re.sub(r"<p\b[^>]*>(.*?)</p>", kept, body, flags=re.DOTALL)


def _absolute(url: str) -> str:
    return absolute_url(url)


def _absolute_links(body: str) -> str:
    """Rich-text links to pages are site-relative; an email needs the whole address."""
    return re.sub(r'href="(/[^"]*)"', lambda match: f'href="{_absolute(match.group(1))}"', body)


def _as_text(body: str) -> str:
    text = re.sub(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', r"\2 (\1)", body, flags=re.DOTALL)
    text = re.sub(r"<li[^>]*>", "- ", text)
    text = re.sub(r"</(p|h\d)>", "\n\n", text)
    text = re.sub(r"<br\s*/?>|</li>", "\n", text)
    text = html.unescape(strip_tags(text))
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
