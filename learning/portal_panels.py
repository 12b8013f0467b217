"""Panels other apps add to the student portal, such as what to take next (commerce).

Learning cannot import the apps above it, so they answer through a Wagtail hook: each registered function
takes `(request, place=…, course=…)` and returns HTML, or "" when it has nothing to show there.
"""

from wagtail import hooks

STUDENT_PANELS_HOOK = "learning_student_panels"
# Beside a lesson (the tutor): each function takes `(request, course=…, lesson=…)` and returns HTML or "".
LESSON_PANELS_HOOK = "learning_lesson_panels"
# Links on a teacher's course page (the tutor's themes): each function takes `(request, course=…)` and returns
# HTML or "".
TEACHER_COURSE_LINKS_HOOK = "learning_teacher_course_links"


class Place:
    DASHBOARD = "dashboard"
    COURSE_COMPLETED = "course_completed"


def student_panels(request, *, place: str, course=None) -> list[str]:
    return [
        html for render in hooks.get_hooks(STUDENT_PANELS_HOOK) if (html := render(request, place=place, course=course))
    ]


def lesson_panels(request, *, course, lesson) -> list[str]:
    return [
        html
        for render in hooks.get_hooks(LESSON_PANELS_HOOK)
        if (html := render(request, course=course, lesson=lesson))
    ]


def teacher_course_links(request, *, course) -> list[str]:
    return [html for render in hooks.get_hooks(TEACHER_COURSE_LINKS_HOOK) if (html := render(request, course=course))]
