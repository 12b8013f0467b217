"""Responsive pictures of Wagtail images: one preset per place an image appears, so sizes stay consistent.

Each preset crops around the image's focal point (`fill`), offers AVIF and WebP with a JPEG fallback in
several widths, and tells the browser how wide the image is drawn (`sizes`), so a phone downloads a phone-sized
file. Images above the fold are fetched eagerly with high priority; everything else loads lazily.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found


@dataclass(frozen=True)
class Preset:
    sizes: tuple[str, ...]  # resize operations, smallest first: "fill-480x270"
    display: str  # the `sizes` attribute: how wide the picture is drawn


PRESETS = {
    "hero": Preset(("fill-480x320", "fill-720x480", "fill-1080x720"), "(min-width: 48rem) 40vw, 100vw"),
    "cover": Preset(("fill-480x240", "fill-960x480", "fill-1440x720"), "(min-width: 72rem) 72rem, 100vw"),
    "card": Preset(
        ("fill-320x180", "fill-480x270", "fill-720x405"), "(min-width: 56rem) 22rem, (min-width: 36rem) 50vw, 100vw"
    ),
    "portrait": Preset(("fill-96x96-c100", "fill-192x192-c100"), "96px"),
    "inline": Preset(("width-480", "width-960", "width-1440"), "(min-width: 72rem) 72rem, 100vw"),
}


def picture(image, *, preset: str, alt: str = "", eager: bool = False, css_class: str = "") -> SafeString:
    """A <picture> of `image` for `preset` ("hero", "cover", "card", "portrait" or "inline"); empty without one."""
    if image is None:
        return mark_safe("")
    chosen = PRESETS[preset]
    specs = [f"{size}|format-{fmt}" for fmt in settings.CMS_PICTURE_FORMATS for size in chosen.sizes]
    renditions = get_renditions_or_not_found(image, [Filter(spec=spec) for spec in specs])
    attrs = {"alt": alt, "sizes": chosen.display, "decoding": "async"}
    if eager:
        attrs["fetchpriority"] = "high"
    else:
        attrs["loading"] = "lazy"
    if css_class:
        attrs["class"] = css_class
    return Picture(renditions, attrs).__html__()
