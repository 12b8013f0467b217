"""Video addresses students can play (YouTube, Vimeo), turned into their players' embed addresses without a network
call, and a Wagtail embed finder built on that so embed blocks work offline too."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlparse

from django.utils.html import format_html
from wagtail.embeds.finders.base import EmbedFinder

YOUTUBE_HOSTS = {"youtube.com", "m.youtube.com", "youtu.be", "youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "player.vimeo.com"}
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"\d{1,12}")
VIMEO_HASH = re.compile(r"[0-9a-f]{6,40}")
# Frame sources a Content-Security-Policy must allow for these players.
FRAME_SOURCES = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")


@dataclass(frozen=True)
class PlayableVideo:
    provider: str
    video_id: str
    unlisted_hash: str = ""

    @property
    def embed_url(self) -> str:
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}"
        query = f"?{urlencode({'h': self.unlisted_hash})}" if self.unlisted_hash else ""
        return f"https://player.vimeo.com/video/{self.video_id}{query}"

    @property
    def provider_name(self) -> str:
        return "YouTube" if self.provider == "youtube" else "Vimeo"


def playable_video(url: str) -> PlayableVideo | None:
    """The YouTube or Vimeo video at `url`, or None when no player we embed can play it."""
    try:
        parsed = urlparse((url or "").strip())
    except ValueError:
        return None
    if parsed.scheme not in ("http", "https"):
        return None
    host = (parsed.hostname or "").removeprefix("www.")
    parts = [p for p in parsed.path.split("/") if p]
    if host in YOUTUBE_HOSTS:
        return _youtube(host, parts, parse_qs(parsed.query))
    if host in VIMEO_HOSTS:
        return _vimeo(parts, parse_qs(parsed.query))
    return None


def _youtube(host: str, parts: list[str], query: dict) -> PlayableVideo | None:
    if host == "youtu.be":
        candidate = parts[0] if parts else ""
    elif parts[:1] == ["watch"]:
        candidate = query.get("v", [""])[0]
    elif len(parts) >= 2 and parts[0] in ("embed", "shorts", "live", "v"):
        candidate = parts[1]
    else:
        return None
    return PlayableVideo("youtube", candidate) if YOUTUBE_ID.fullmatch(candidate) else None


def _vimeo(parts: list[str], query: dict) -> PlayableVideo | None:
    """vimeo.com/ID, vimeo.com/ID/HASH (unlisted), vimeo.com/channels/x/ID, player.vimeo.com/video/ID?h=HASH."""
    ids = [i for i, part in enumerate(parts) if VIMEO_ID.fullmatch(part)]
    if not ids:
        return None
    index = ids[0]
    following = parts[index + 1] if index + 1 < len(parts) else ""
    unlisted = query.get("h", [""])[0] or (following if VIMEO_HASH.fullmatch(following) else "")
    return PlayableVideo("vimeo", parts[index], unlisted if VIMEO_HASH.fullmatch(unlisted) else "")


def player_html(video: PlayableVideo, *, title: str = "") -> str:
    return format_html(
        '<iframe src="{}" title="{}" width="640" height="360" loading="lazy" '
        'referrerpolicy="strict-origin-when-cross-origin" '
        'allow="autoplay; encrypted-media; fullscreen; picture-in-picture" allowfullscreen></iframe>',
        video.embed_url,
        title or video.provider_name,
    )


class PlayableVideoFinder(EmbedFinder):
    """Answers YouTube and Vimeo addresses from the address alone; other providers fall through to oEmbed."""

    def __init__(self, **options):
        self.options = options

    def accept(self, url):
        return playable_video(url) is not None

    def find_embed(self, url, max_width=None, max_height=None):
        video = playable_video(url)
        return {
            "title": "",
            "author_name": "",
            "provider_name": video.provider_name,
            "type": "video",
            "thumbnail_url": "",
            "width": 640,
            "height": 360,
            "html": player_html(video),
        }
