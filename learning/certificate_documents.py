"""A certificate as documents: the HTML page WeasyPrint turns into the PDF, and the picture shown where it is shared.

Both are rendered once, in the certificate's language, and stored (private storage): what a certificate states is
frozen when it is issued, so a later edit of its template never changes a document already handed out."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import UTC

from babel.dates import format_date
from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import imaging, placeholders
from core.qr import qr_data_uri
from core.site_url import absolute_url

from .models import Certificate, CertificateTemplate

FONT_STACKS = {
    CertificateTemplate.Font.SERIF: '"Noto Serif", "Noto Naskh Arabic", "DejaVu Serif", serif',
    CertificateTemplate.Font.SANS: '"Noto Sans", "Noto Sans Arabic", "DejaVu Sans", sans-serif',
}
# Sample data for the admin's live preview, in the language being previewed.
SAMPLE = {
    "student": gettext_lazy("Lina Saleh"),
    "course": gettext_lazy("Arabic: first steps"),
    "level": gettext_lazy("A1 · Beginner"),
    "hours": "12",
    "teacher": gettext_lazy("Rania Haddad"),
}
SAMPLE_CODE = "sample"


@dataclass(frozen=True)
class Document:
    template: CertificateTemplate
    language: str
    values: dict[str, str]
    verify_url: str
    code: str


def verify_url(code: str) -> str:
    return absolute_url(reverse("learning:certificate-verify", kwargs={"code": code}))


def template_for(*, course, language: str) -> CertificateTemplate:
    """The course's own template, else the default; in `language`, else the site's language; else the built-in one."""
    languages = {language, settings.LANGUAGE_CODE}
    candidates = CertificateTemplate.objects.filter(
        Q(course=course) | Q(course__isnull=True), locale__language_code__in=languages
    ).select_related("locale", "background_image", "logo")
    chosen = min(candidates, key=lambda t: (t.course_id is None, t.locale.language_code != language), default=None)
    return chosen or CertificateTemplate(name="built-in")


def _language_of(template: CertificateTemplate, wanted: str) -> str:
    # A template found in the site's language is laid out in that language, not the one asked for.
    return template.locale.language_code if template.locale_id else wanted


def document_for(certificate: Certificate) -> Document:
    template = certificate.template
    if template is None or template.locale.language_code not in {certificate.language, settings.LANGUAGE_CODE}:
        template = template_for(course=certificate.enrollment.course, language=certificate.language)
    language = _language_of(template, certificate.language)
    with translation.override(language):  # the level reads in the document's language, whatever it was issued in
        level = certificate.level_label
    values = {
        "student": certificate.holder_name,
        "course": certificate.course_title,
        "level": level,
        "date": format_date(certificate.issued_at.astimezone(UTC).date(), format="long", locale=language),
        "hours": str(certificate.hours),
        "teacher": certificate.teacher_name,
    }
    return Document(template, language, values, verify_url(certificate.code), certificate.code)


def sample_document(template: CertificateTemplate) -> Document:
    language = _language_of(template, settings.LANGUAGE_CODE)
    with translation.override(language):
        values = {name: str(value) for name, value in SAMPLE.items()}
    values["date"] = format_date(timezone.now().date(), format="long", locale=language)
    return Document(template, language, values, verify_url(SAMPLE_CODE), SAMPLE_CODE)


def _image_data_uri(image, spec: str) -> str:
    if image is None:
        return ""
    rendition = image.get_rendition(spec)
    with rendition.file.open("rb") as handle:
        data = handle.read()
    kind = "png" if spec.endswith("png") else "jpeg"
    return f"data:image/{kind};base64," + base64.b64encode(data).decode("ascii")


def render_html(document: Document) -> str:
    template = document.template
    with translation.override(document.language):
        signatures = [
            {
                "name": block.value["name"],
                "role": block.value["role"],
                "image": _image_data_uri(block.value["image"], "max-400x160|format-png"),
            }
            for block in template.signatures
        ]
        context = {
            "template": template,
            "language": document.language,
            "direction": "rtl" if document.language in settings.RTL_LANGUAGES else "ltr",
            "font": FONT_STACKS.get(template.font, FONT_STACKS[CertificateTemplate.Font.SERIF]),
            "title": placeholders.fill(template.title, document.values),
            "wording": placeholders.fill(template.wording, document.values),
            "background": _image_data_uri(template.background_image, "fill-1684x1190|format-jpeg"),
            "logo": _image_data_uri(template.logo, "max-480x200|format-png"),
            "signatures": signatures,
            "qr": qr_data_uri(document.verify_url),
            "verify_url": document.verify_url,
            "code": document.code,
        }
        return render_to_string("learning/certificates/document.html", context)


def render_pdf(document: Document) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(document)).write_pdf()


def preview(*, template: CertificateTemplate, mode: str) -> HttpResponse:
    """The template as it is being edited, with sample data, in the template's own language."""
    document = sample_document(template)
    if mode == "pdf":
        return HttpResponse(render_pdf(document), content_type="application/pdf")
    return HttpResponse(render_html(document))


def _stored(certificate: Certificate, field: str, name: str, render) -> bytes:
    """The stored file, rendered and stored on first use; of two first uses at once, the first stored is kept."""
    stored = getattr(certificate, field)
    if stored:
        with stored.open("rb") as handle:
            return handle.read()
    content = render()
    stored.save(name, ContentFile(content), save=False)
    if not Certificate.objects.filter(pk=certificate.pk, **{field: ""}).update(**{field: stored.name}):
        stored.storage.delete(stored.name)
        setattr(certificate, field, getattr(Certificate.objects.get(pk=certificate.pk), field).name)
    return content


def pdf_for(certificate: Certificate) -> bytes:
    return _stored(certificate, "pdf", f"{certificate.code}.pdf", lambda: render_pdf(document_for(certificate)))


def share_image_for(certificate: Certificate) -> bytes:
    return _stored(certificate, "share_image", f"{certificate.code}.png", lambda: render_share_image(certificate))


def render_share_image(certificate: Certificate) -> bytes:
    """A 1200 by 630 PNG: the holder, the course and its level on the template's colours."""
    from PIL import Image, ImageDraw

    document = document_for(certificate)
    template = document.template
    width, height = imaging.SHARE_IMAGE_SIZE
    image = Image.new("RGB", imaging.SHARE_IMAGE_SIZE, template.primary_colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle([(0, height - 24), (width, height)], fill=template.accent_colour)
    draw.rectangle([(40, 40), (width - 40, height - 64)], outline=template.accent_colour, width=4)
    with translation.override(document.language):
        lines = [
            (str(placeholders.fill(template.title, document.values)), 44, template.accent_colour),
            (certificate.holder_name, 68, "#ffffff"),
            (certificate.course_title, 44, "#ffffff"),
            (document.values["level"], 32, "#e8eef2"),
            (_("Fluentory"), 28, template.accent_colour),
        ]
    top = 110
    for text, size, fill in lines:
        if not text:
            continue
        font = imaging.font(size)
        text = imaging.fit(draw, text, font, width - 160)
        draw.text((width / 2, top), text, font=font, fill=fill, anchor="ma")
        top += int(size * 1.6)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
