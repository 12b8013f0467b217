"""Text on generated pictures (share images): one font for Latin and Arabic, shaped by Pillow's Raqm layout.

Pillow here is built with libraqm (FriBiDi and HarfBuzz), so Arabic is joined and laid out right to left
without reshaping by hand; DejaVu draws both scripts from one file, so a mixed title ("العربية A1") needs no
font fallback. Without either, Pillow's built-in font still draws Latin text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

SHARE_IMAGE_SIZE = (1200, 630)  # what Open Graph readers (LinkedIn, Facebook, X) expect
FONTS = {
    True: ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    False: ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf"),
}


@cache
def _font_path(bold: bool) -> str | None:
    return next((path for path in FONTS[bold] if Path(path).exists()), None)


def can_shape_text() -> bool:
    """Whether Pillow can join Arabic letters and order right-to-left text (Raqm with FriBiDi)."""
    from PIL import features

    return bool(features.check("raqm"))


def font(size: int, *, bold: bool = True):
    from PIL import ImageFont

    path = _font_path(bold)
    if path is None:
        return ImageFont.load_default(size)
    layout = ImageFont.Layout.RAQM if ImageFont.core.HAVE_RAQM else ImageFont.Layout.BASIC
    return ImageFont.truetype(path, size, layout_engine=layout)


def fit(draw, text: str, font, limit: int) -> str:
    """Shorten `text` with an ellipsis until it fits in `limit` pixels."""
    if draw.textlength(text, font=font) <= limit:
        return text
    while text and draw.textlength(text + "…", font=font) > limit:
        text = text[:-1]
    return text + "…"


def wrap(draw, text: str, font, limit: int, *, lines: int) -> list[str]:
    """`text` in at most `lines` lines of `limit` pixels, broken between words; the last one shortened if need be."""
    words, result = text.split(), []
    while words and len(result) < lines:
        line = words.pop(0)
        while words and draw.textlength(f"{line} {words[0]}", font=font) <= limit:
            line = f"{line} {words.pop(0)}"
        result.append(line)
    if words:
        result[-1] = fit(draw, f"{result[-1]} {' '.join(words)}", font, limit)
    return [fit(draw, line, font, limit) for line in result]
