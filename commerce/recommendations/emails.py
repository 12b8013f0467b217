"""The course-completed email suggests the next level's course on sale, linked to its public page.

Learning fills `next_course` and `next_link` from its own courses, but cannot see what is on sale or where a
course's public page is (those belong to commerce and the CMS), and links the portal page of a course the
student does not own. Commerce registers the trigger again with learning's context wrapped (the sequences
registry keeps the last registration), after LearningConfig.ready() as commerce comes later in INSTALLED_APPS.
"""

from __future__ import annotations

from dataclasses import fields

from learning.sequences import COMPLETED
from notifications.sequences import registry

from .. import course_pages
from . import links
from .history import histories_for
from .panels import Place
from .suggestions import Kind, Request, next_level_courses


def with_next_level_on_sale(context):
    def completed_context(entries, now):
        contexts = context(entries, now)
        histories = histories_for(student_ids={entry.user_id for entry in entries})
        chosen = {}
        for entry in entries:
            if entry.id not in contexts:
                continue
            request = Request(
                history=histories[entry.user_id], course=None, currency="", language=entry.language, limit=1
            )
            found = next_level_courses(request)
            if found:
                chosen[entry.id] = found[0].course
        if not chosen:
            return contexts
        course_ids = sorted({course.pk for course in chosen.values()})
        # One lookup per reader language (two on this site), each for every chosen course.
        pages = {
            language: course_pages.page_urls(course_ids=course_ids, language=language)
            for language in {entry.language for entry in entries}
        }
        for entry in entries:
            course = chosen.get(entry.id)
            page = pages[entry.language].get(course.pk) if course is not None else None
            if page is not None:  # a course without a public page keeps learning's suggestion
                contexts[entry.id]["next_course"] = course.title
                contexts[entry.id]["next_link"] = links.click_url(
                    to=page, kind=Kind.NEXT_LEVEL, course_id=course.pk, place=Place.EMAIL
                )
        return contexts

    return completed_context


def register() -> None:
    learning_trigger = registry.trigger(COMPLETED)
    declared = {field.name: getattr(learning_trigger, field.name) for field in fields(learning_trigger)}
    registry.register_trigger(**{**declared, "context": with_next_level_on_sale(learning_trigger.context)})
