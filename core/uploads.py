"""What may be uploaded: an allow-list of types with a size limit per type (settings.UPLOAD_LIMITS_MB for lesson
files and the document library). Types a browser could run (HTML, SVG, programs) are never on a list."""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def extension_of(name: str) -> str:
    return PurePosixPath(name or "").suffix.lower().lstrip(".")


def private_storage():
    """Where files only some people may read are kept; they are served through a view that checks access."""
    return storages["private_media"]


def check_upload(file, *, allowed: tuple[str, ...] | None = None, limits: dict[str, int] | None = None) -> None:
    """Refuse a file whose type is not allowed here, or that is bigger than its type's limit (in megabytes)."""
    limits = limits if limits is not None else settings.UPLOAD_LIMITS_MB
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
