"""Draws the demo site's pictures (course covers, teacher portraits, the home hero, blog covers) with Pillow.

Run once by hand (`.venv/bin/python tools/draw_demo_images.py`); the JPEGs it writes to cms/demo_media/images/
are committed and attached by `seed_demo`. Every shape is drawn here, so the pictures are ours (see
cms/demo_media/CREDITS.md); the same seed always draws the same picture.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

OUT = Path(__file__).resolve().parent.parent / "cms" / "demo_media" / "images"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
ARABIC_BOLD = "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Bold.ttf"


def font(size: int, arabic: bool = False):
    path = ARABIC_BOLD if arabic and Path(ARABIC_BOLD).exists() else FONT_BOLD
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM)


def backdrop(size, top: str, bottom: str, seed: int) -> Image.Image:
    """A diagonal gradient with soft out-of-focus lights and a little grain, like a shallow-focus photo."""
    width, height = size
    diagonal = int((width**2 + height**2) ** 0.5) + 2
    square = Image.linear_gradient("L").resize((diagonal, diagonal)).rotate(-35, resample=Image.BICUBIC)
    left, upper = (diagonal - width) // 2, (diagonal - height) // 2
    gradient = square.crop((left, upper, left + width, upper + height))
    picture = ImageOps.colorize(gradient, top, bottom).convert("RGBA")
    lights = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(lights)
    rng = random.Random(seed)  # noqa: S311 (where the lights fall, not a secret)
    for _ in range(26):
        radius = rng.randint(width // 40, width // 9)
        x, y = rng.randint(0, width), rng.randint(0, height)
        alpha = rng.randint(25, 70)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=(255, 255, 255, alpha))
    picture = Image.alpha_composite(picture, lights.filter(ImageFilter.GaussianBlur(width // 90)))
    grain = Image.effect_noise(size, 22).convert("RGBA")
    grain.putalpha(14)
    picture = Image.alpha_composite(picture, grain)
    vignette = Image.radial_gradient("L").resize(size)
    shade = Image.new("RGBA", size, (0, 0, 0, 0))
    shade.putalpha(vignette.point(lambda value: int(value * 0.35)))
    return Image.alpha_composite(picture, shade)


def bubble(draw, box, fill, text, text_fill, arabic=False):
    x0, y0, x1, y1 = box
    size = int((y1 - y0) * 0.42)
    x1 = max(x1, x0 + draw.textlength(text, font=font(size, arabic)) + size * 1.5)
    box = (x0, y0, x1, y1)
    draw.rounded_rectangle(box, radius=(y1 - y0) // 3, fill=fill)
    tail = [(x0 + (x1 - x0) // 5, y1 - 2), (x0 + (x1 - x0) // 5 + 30, y1 - 2), (x0 + (x1 - x0) // 5 - 10, y1 + 34)]
    draw.polygon(tail, fill=fill)
    draw.text(((x0 + x1) / 2, (y0 + y1) / 2), text, font=font(size, arabic), fill=text_fill, anchor="mm")


def book(layer, centre, width, cover, pages="#f8f5ee", angle=-8):
    """An open book seen from above, tilted a little."""
    sheet = Image.new("RGBA", (width + 40, int(width * 0.7) + 40), (0, 0, 0, 0))
    draw = ImageDraw.Draw(sheet)
    w, h = width, int(width * 0.66)
    draw.rounded_rectangle([10, 14, w + 30, h + 30], radius=18, fill=(0, 0, 0, 70))
    draw.rounded_rectangle([0, 0, w + 20, h + 20], radius=18, fill=cover)
    draw.rounded_rectangle([14, 10, w // 2 + 8, h + 8], radius=10, fill=pages)
    draw.rounded_rectangle([w // 2 + 12, 10, w + 6, h + 8], radius=10, fill=pages)
    for row in range(7):
        y = 40 + row * (h - 60) // 7
        draw.line([(40, y), (w // 2 - 20, y)], fill="#c9c2b4", width=5)
        draw.line([(w // 2 + 36, y), (w - 20, y)], fill="#c9c2b4", width=5)
    sheet = sheet.rotate(angle, expand=True, resample=Image.BICUBIC)
    layer.alpha_composite(sheet, (int(centre[0] - sheet.width / 2), int(centre[1] - sheet.height / 2)))


def mug(draw, x, y, size, colour):
    draw.ellipse([x - 8, y + size - 10, x + size + 8, y + size + 16], fill=(0, 0, 0, 60))
    draw.rounded_rectangle([x, y, x + size, y + size], radius=size // 6, fill=colour)
    draw.arc([x + size - 20, y + size // 4, x + size + size // 3, y + size * 3 // 4], -90, 90, fill=colour, width=14)
    draw.ellipse([x + 6, y - 10, x + size - 6, y + 16], fill="#4a2c1a")


def cover(name, palette, seed, glyph, words, arabic_glyph, size=(1600, 900)):
    top, bottom, accent, book_colour = palette
    picture = backdrop(size, top, bottom, seed)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    width, height = size
    draw.text(
        (width * 0.73, height * 0.42),
        glyph,
        font=font(int(height * 0.55), arabic_glyph),
        fill=(255, 255, 255, 60),
        anchor="mm",
    )
    book(layer, (width * 0.36, height * 0.62), int(width * 0.42), book_colour)
    mug(draw, int(width * 0.66), int(height * 0.62), int(height * 0.17), accent)
    for index, (text, arabic) in enumerate(words):
        x = width * (0.12 + 0.3 * index)
        y = height * (0.1 + 0.08 * (index % 2))
        bubble(draw, [x, y, x + width * 0.24, y + height * 0.14], (255, 255, 255, 235), text, "#17303b", arabic)
    picture = Image.alpha_composite(picture, layer)
    picture.convert("RGB").save(OUT / name, "JPEG", quality=72, optimize=True, progressive=True)


def portrait(name, palette, seed, skin, hair, top_colour, long_hair=False, glasses=False):
    size = (900, 900)
    picture = backdrop(size, palette[0], palette[1], seed)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    if long_hair:
        draw.rounded_rectangle([270, 230, 630, 640], radius=170, fill=hair)
    draw.ellipse([150, 600, 750, 1200], fill=top_colour)  # shoulders
    draw.rectangle([400, 520, 500, 660], fill=skin)  # neck
    draw.polygon([(400, 610), (450, 700), (500, 610)], fill=skin)
    draw.ellipse([300, 220, 600, 580], fill=skin)  # face
    draw.chord([285, 190, 615, 470], 180, 360, fill=hair)  # hair
    for x in (385, 515):
        draw.ellipse([x - 12, 380, x + 12, 404], fill="#2b2118")
    draw.arc([400, 430, 500, 500], 20, 160, fill="#8a4b3b", width=8)
    if glasses:
        for x in (385, 515):
            draw.ellipse([x - 46, 352, x + 46, 430], outline="#1f2937", width=7)
        draw.line([(431, 385), (469, 385)], fill="#1f2937", width=7)
    layer = layer.filter(ImageFilter.GaussianBlur(1.2))
    picture = Image.alpha_composite(picture, layer)
    picture.convert("RGB").save(OUT / name, "JPEG", quality=74, optimize=True, progressive=True)


def hero(name):
    size = (1600, 1066)
    picture = backdrop(size, "#0b5e7a", "#e7b76a", 7)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    # A laptop on a desk with a live class on its screen: four faces in tiles.
    draw.rounded_rectangle([300, 250, 1300, 830], radius=28, fill="#1f2937")
    draw.rounded_rectangle([330, 280, 1270, 800], radius=14, fill="#e8eef2")
    skins = ["#f1c7a5", "#a8714f", "#d9a47e", "#7b4b32"]
    tops = ["#b45309", "#0b5e7a", "#1d4d2b", "#7a2e0b"]
    for index in range(4):
        col, row = index % 2, index // 2
        x0, y0 = 350 + col * 465, 300 + row * 250
        draw.rounded_rectangle(
            [x0, y0, x0 + 445, y0 + 230], radius=12, fill=["#cfe6ee", "#f6e3c4", "#d8ecd9", "#f3d9cf"][index]
        )
        cx = x0 + 222
        draw.ellipse([cx - 110, y0 + 150, cx + 110, y0 + 330], fill=tops[index])
        draw.ellipse([cx - 55, y0 + 40, cx + 55, y0 + 165], fill=skins[index])
        draw.chord([cx - 62, y0 + 28, cx + 62, y0 + 120], 180, 360, fill="#2b2118")
    draw.polygon([(200, 830), (1400, 830), (1480, 900), (120, 900)], fill="#374151")
    bubble(draw, [90, 90, 520, 230], (255, 255, 255, 240), "مرحبا!", "#0b5e7a", arabic=True)
    bubble(draw, [1080, 110, 1510, 250], (255, 255, 255, 240), "Hello!", "#7a2e0b")
    mug(draw, 1350, 700, 140, "#b45309")
    picture = Image.alpha_composite(picture, layer.filter(ImageFilter.GaussianBlur(0.8)))
    picture.convert("RGB").save(OUT / name, "JPEG", quality=72, optimize=True, progressive=True)


COURSES = {
    "arabic-a1-foundations": (
        ("#0b5e7a", "#7cc6dc", "#b45309", "#7a2e0b"),
        "أ ب",
        [("مرحبا", True), ("Hello", False)],
        True,
    ),
    "arabic-first-steps": (
        ("#1d4d2b", "#a7d7a9", "#b45309", "#0b5e7a"),
        "ب",
        [("شكرا", True), ("Thanks", False)],
        True,
    ),
    "levantine-conversation": (
        ("#7a2e0b", "#f0c27b", "#0b5e7a", "#1d4d2b"),
        "كيفك",
        [("كيفك؟", True), ("منيح!", True)],
        True,
    ),
    "msa-reading-b1": (("#3b2a6b", "#b9a7e6", "#b45309", "#7a2e0b"), "ق", [("اقرأ", True), ("Read", False)], True),
    "english-a2-everyday": (
        ("#084559", "#f4d35e", "#b91c1c", "#1d4d2b"),
        "Aa",
        [("Hi!", False), ("How are you?", False)],
        False,
    ),
    "ielts-academic-b2": (
        ("#1f2937", "#93c5fd", "#b45309", "#0b5e7a"),
        "B2",
        [("Task 2", False), ("Band 7", False)],
        False,
    ),
    "ielts-speaking-live": (
        ("#7a2e0b", "#fbbf77", "#0b5e7a", "#3b2a6b"),
        "Hi",
        [("Speak", False), ("Part 2", False)],
        False,
    ),
    "business-english-b1": (
        ("#0f3d3e", "#8fd3c7", "#7a2e0b", "#1f2937"),
        "Biz",
        [("Deal!", False), ("Agenda", False)],
        False,
    ),
}
BLOG = {
    "ten-minutes-a-day": (
        ("#0b5e7a", "#b45309", "#f5a524", "#1d4d2b"),
        "10 min",
        [("Every day", False), ("كل يوم", True)],
        False,
    ),
    "levantine-or-msa": (("#1d4d2b", "#f1f7f9", "#b45309", "#7a2e0b"), "ع", [("فصحى", True), ("شامي", True)], True),
    "ielts-writing-task-2": (
        ("#084559", "#e0a458", "#7a2e0b", "#0b5e7a"),
        "✎",
        [("Essay", False), ("250 words", False)],
        False,
    ),
    "new-live-classes": (("#1f2937", "#4fb3d0", "#f5a524", "#3b2a6b"), "☾", [("Live", False), ("مباشر", True)], False),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for seed, (slug, (palette, glyph, words, arabic)) in enumerate(COURSES.items(), start=11):
        cover(f"course-{slug}.jpg", palette, seed, glyph, words, arabic)
    for seed, (slug, (palette, glyph, words, arabic)) in enumerate(BLOG.items(), start=31):
        cover(f"blog-{slug}.jpg", palette, seed, glyph, words, arabic)
    portrait("teacher-amman.jpg", ("#e7b76a", "#7a2e0b"), 51, "#c68a64", "#2b2118", "#0b5e7a", long_hair=True)
    portrait("teacher-london.jpg", ("#93c5fd", "#1f2937"), 52, "#f1c7a5", "#6b4226", "#b45309", glasses=True)
    hero("hero-home.jpg")


if __name__ == "__main__":
    main()
