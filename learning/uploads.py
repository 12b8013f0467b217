"""The types lesson blocks accept; the allow-list and its check live in `core.uploads`."""

from core.uploads import check_upload, extension_of

AUDIO_TYPES = ("mp3", "ogg", "m4a")
VIDEO_TYPES = ("mp4", "webm")
CAPTION_TYPES = ("vtt",)

__all__ = ["AUDIO_TYPES", "CAPTION_TYPES", "VIDEO_TYPES", "check_upload", "extension_of"]
