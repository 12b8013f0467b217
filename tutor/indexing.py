"""A published lesson's content as passages the tutor can rank and quote, rebuilt whenever it is published."""

import html
import re

from django.db import transaction
from django.db.models import F
from django.utils.html import strip_tags

from learning.models import Lesson

from . import text
from .models import CourseIndex, Passage

PASSAGE_WORDS = 120  # a quote long enough to answer from, short enough to read in the chat
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote)>|<br\s*/?>", re.IGNORECASE)


def _plain(rich_html: str) -> list[str]:
    parts = _BLOCK_END.split(rich_html)
    paragraphs = (html.unescape(strip_tags(part)).strip() for part in parts[::2])
    return [paragraph for paragraph in paragraphs if paragraph]


def _block_paragraphs(block) -> list[str]:
    value = block.value
    if block.block_type == "text":
        return _plain(value.source)
    if block.block_type == "vocabulary":
        lines = [value.get("title") or ""]
        for entry in value["entries"]:
            example = f" ({entry['example']})" if entry.get("example") else ""
            lines.append(f"{entry['term']}: {entry['meaning']}{example}.")
        return [line for line in lines if line]
    if block.block_type == "audio":
        return [part for part in (value.get("title"), value.get("transcript")) if part]
    if block.block_type in ("video", "download"):
        return [value["title"]] if value.get("title") else []
    return []


def passages_of(lesson: Lesson) -> list[tuple[str, str]]:
    """(anchor, text) pairs: each block's paragraphs, gathered up to about PASSAGE_WORDS words."""
    found = []
    for block in lesson.body:
        current, words = [], 0
        for paragraph in _block_paragraphs(block):
            if current and words + len(paragraph.split()) > PASSAGE_WORDS:
                found.append((f"block-{block.id}", "\n".join(current)))
                current, words = [], 0
            current.append(paragraph)
            words += len(paragraph.split())
        if current:
            found.append((f"block-{block.id}", "\n".join(current)))
    return found


@transaction.atomic
def index_lesson(*, lesson_id: int) -> int:
    """Replace the lesson's passages with those of its live content (none once it is retired or unpublished);
    the number of passages. Running it twice leaves the same rows."""
    lesson = Lesson.objects.select_for_update().filter(pk=lesson_id).first()
    if lesson is None:
        return 0
    Passage.objects.filter(lesson=lesson).delete()
    rows = []
    if lesson.live and not lesson.retired:
        for position, (anchor, body) in enumerate(passages_of(lesson)):
            rows.append(
                Passage(
                    course_id=lesson.course_id,
                    lesson=lesson,
                    position=position,
                    anchor=anchor,
                    text=body,
                    terms=" ".join(text.terms(f"{lesson.title}\n{body}")),  # the title says what it is about
                )
            )
        Passage.objects.bulk_create(rows)
    index, _created = CourseIndex.objects.get_or_create(course_id=lesson.course_id)
    CourseIndex.objects.filter(pk=index.pk).update(version=F("version") + 1)
    return len(rows)


def index_course(*, course_id: int) -> int:
    lesson_ids = Lesson.objects.filter(course_id=course_id).values_list("pk", flat=True)
    return sum(index_lesson(lesson_id=pk) for pk in lesson_ids)
