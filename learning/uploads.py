"""What may be uploaded as a lesson file or to the document library: an allow-list of types (settings.UPLOAD_LIMITS_MB)
with a size limit per type. Types a browser could run (HTML, SVG, programs) are never on the list."""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

AUDIO_TYPES = ("mp3", "ogg", "m4a")
VIDEO_TYPES = ("mp4", "webm")
CAPTION_TYPES = ("vtt",)


def extension_of(name: str) -> str:
    return PurePosixPath(name or "").suffix.lower().lstrip(".")


def check_upload(file, *, allowed: tuple[str, ...] | None = None) -> None:
    """Refuse a file whose type is not allowed here, or that is bigger than its type's limit."""
    limits = settings.UPLOAD_LIMITS_MB
    permitted = [ext for ext in (allowed or limits) if ext in limits]
    extension = extension_of(file.name)
    if extension not in permitted:
        raise ValidationError(
            _("Files of type “.%(type)s” cannot be uploaded here. Allowed types: %(allowed)s.")
            % {"type": extension or "?", "allowed": ", ".join(permitted)},
            code="file_type",
        )
    limit = limits[extension] * 1024 * 1024
    if file.size > limit:
        raise ValidationError(
            _("This file is too big (%(size)s): “.%(type)s” files may be up to %(limit)s.")
            % {"size": filesizeformat(file.size), "type": extension, "limit": filesizeformat(limit)},
            code="file_too_large",
        )
