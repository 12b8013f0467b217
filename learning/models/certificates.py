import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import PreviewableMixin, TranslatableMixin

from core import placeholders
from core.uploads import private_storage

from .courses import Enrollment, level_label

# What the wording may say; the values are frozen on the certificate when it is issued.
PLACEHOLDERS = {
    "student": _("the student's name"),
    "course": _("the course's title"),
    "level": _("the course's level"),
    "date": _("the date of issue"),
    "hours": _("the course's duration in hours"),
    "teacher": _("the teacher's name"),
}
colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # and six hexadecimal digits, e.g. #0b5e7a."))


def new_code() -> str:
    return secrets.token_urlsafe(16)


class SignatureBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("name"), max_length=120)
    role = blocks.CharBlock(label=_("role"), max_length=120, required=False)
    image = ImageChooserBlock(label=_("signature image"), required=False)

    class Meta:
        icon = "edit"
        label = _("Signature")


class CertificateTemplate(TranslatableMixin, PreviewableMixin, models.Model):
    """How a certificate looks and what it says: one default, and optionally one per course."""

    class Layout(models.TextChoices):
        CLASSIC = "classic", _("Classic: framed, centred")
        MODERN = "modern", _("Modern: colour band on the side")
        MINIMAL = "minimal", _("Minimal: plain page")

    class Font(models.TextChoices):
        SERIF = "serif", _("Serif (Noto Serif, Noto Naskh Arabic)")
        SANS = "sans", _("Sans-serif (Noto Sans, Noto Sans Arabic)")

    name = models.CharField(_("name"), max_length=120, help_text=_("For the admin only."))
    course = models.ForeignKey(
        "learning.Course",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="certificate_templates",
        help_text=_("Leave empty for the default template, used by every course without its own."),
    )
    layout = models.CharField(_("layout"), max_length=10, choices=Layout.choices, default=Layout.CLASSIC)
    font = models.CharField(_("font"), max_length=10, choices=Font.choices, default=Font.SERIF)
    primary_colour = models.CharField(_("main colour"), max_length=7, default="#0b5e7a", validators=[colour])
    accent_colour = models.CharField(_("accent colour"), max_length=7, default="#c8a24a", validators=[colour])
    background_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("background image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200, default=_("Certificate of completion"))
    wording = models.TextField(
        _("wording"),
        default=_("This certifies that {{ student }} completed {{ course }} ({{ level }}) on {{ date }}."),
        help_text=_("Placeholders: {{ student }}, {{ course }}, {{ level }}, {{ date }}, {{ hours }}, {{ teacher }}."),
    )
    signatures = StreamField([("signature", SignatureBlock())], verbose_name=_("signatures"), blank=True, max_num=3)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("certificate template")
        ordering = ["course__title", "name"]
        constraints = [
            # The default is the template without a course: one of it, and one per course, in each language.
            models.UniqueConstraint(
                Coalesce("course", models.Value(0)),
                "locale",
                name="certificate_template_once_per_course",
                violation_error_message=_("This course (or the default) already has a template in this language."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        for name in ("title", "wording"):
            unknown = placeholders.unknown_placeholders(allowed=PLACEHOLDERS, texts=[getattr(self, name)])
            if unknown:
                errors[name] = _("Unknown placeholder %(names)s. A certificate may use: %(allowed)s.") % {
                    "names": ", ".join(f"{{{{ {name} }}}}" for name in unknown),
                    "allowed": ", ".join(f"{{{{ {allowed} }}}}" for allowed in PLACEHOLDERS),
                }
        if errors:
            raise ValidationError(errors)

    @property
    def preview_modes(self):
        return [("pdf", _("PDF")), ("html", _("Page"))]

    def serve_preview(self, request, mode_name):
        from learning import certificate_documents

        return certificate_documents.preview(template=self, mode=mode_name)


class Certificate(models.Model):
    """A completed enrollment's certificate; what it states is frozen when it is issued, so it never changes."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="certificates")
    # Unguessable: the verification address, printed as a QR code; the primary key is never shown.
    code = models.CharField(_("verification code"), max_length=32, unique=True, default=new_code, editable=False)
    template = models.ForeignKey(
        CertificateTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    language = models.CharField(_("language"), max_length=10)
    holder_name = models.CharField(_("holder"), max_length=200)
    course_title = models.CharField(_("course"), max_length=200)
    # The label as issued, kept for custom levels (their own words) and for certificates issued before the code was.
    level = models.CharField(_("level"), max_length=60, blank=True)
    # A CEFR level is stored as its code and translated whenever it is shown, so the label reads in the viewer's
    # language, not the one the certificate happened to be issued in.
    level_code = models.CharField(_("level code"), max_length=10, blank=True)
    hours = models.PositiveIntegerField(_("hours"), default=0)
    teacher_name = models.CharField(_("teacher"), max_length=200, blank=True)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when issued on completion."),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    pdf = models.FileField(storage=private_storage, upload_to="certificates/pdf/", blank=True, editable=False)
    share_image = models.FileField(storage=private_storage, upload_to="certificates/share/", blank=True, editable=False)

    class Meta:
        verbose_name = _("certificate")
        ordering = ["-issued_at"]
        constraints = [
            # Completion tasks run twice or at once: the database keeps one certificate per enrollment.
            models.UniqueConstraint(fields=["enrollment"], name="one_certificate_per_enrollment"),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revocation_reason=""),
                name="certificate_revocation_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.course_title}: {self.holder_name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def level_label(self) -> str:
        return level_label(self.level_code, self.level)
