"""What a ticket may carry: a few PDF, PNG, JPEG or text files of limited size, checked by name and by content.

Files are stored privately and only ever served as downloads (never inline), to the ticket's partner and admins."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from learning.uploads import extension_of

MAX_FILES = 3
MAX_BYTES = 5 * 1024 * 1024
# extension -> (content type served, what the file must start with; None: text, checked as UTF-8)
ALLOWED = {
    "pdf": ("application/pdf", b"%PDF-"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "txt": ("text/plain; charset=utf-8", None),
}


def content_type_of(name: str) -> str:
    return ALLOWED.get(extension_of(name), ("application/octet-stream", b""))[0]


def check_attachments(files) -> None:
    """Refuse the whole message when one file is of another type, too big, not what its name says, or too many."""
    if len(files) > MAX_FILES:
        raise ValidationError(
            ngettext("Attach at most %(count)s file.", "Attach at most %(count)s files.", MAX_FILES)
            % {"count": MAX_FILES},
            code="too_many_files",
        )
    for file in files:
        extension = extension_of(file.name)
        if extension not in ALLOWED:
            raise ValidationError(
                _("“%(name)s” cannot be attached: only PDF, PNG, JPG and TXT files are accepted.")
                % {"name": file.name},
                code="file_type",
            )
        if file.size > MAX_BYTES:
            raise ValidationError(
                _("“%(name)s” is too big (%(size)s): each file may be up to %(limit)s.")
                % {"name": file.name, "size": filesizeformat(file.size), "limit": filesizeformat(MAX_BYTES)},
                code="file_too_large",
            )
        if not _content_matches(file, ALLOWED[extension][1]):
            raise ValidationError(
                _("“%(name)s” is not a real %(type)s file.") % {"name": file.name, "type": extension.upper()},
                code="file_content",
            )


def _content_matches(file, signature: bytes | None) -> bool:
    file.seek(0)
    head = file.read(MAX_BYTES if signature is None else len(signature))
    file.seek(0)
    if signature is not None:
        return head.startswith(signature)
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\x00" not in text
