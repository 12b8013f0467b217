"""Pages the Nu HTML Checker found invalid keep a valid structure (CI runs the checker over the whole crawl)."""

from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.learning.conftest import built  # noqa: F401 (fixture)
from tests.scheduling.factories import make_schedule

pytestmark = pytest.mark.django_db

# Elements that may hold only phrasing content, and block elements that therefore may not sit inside them.
PHRASING_ONLY = ("p", "span", "label", "strong")
BLOCKS = ("p", "div", "ul", "ol", "form", "fieldset", "table", "section")


def structure_errors(html: str) -> list[str]:
    # html.parser keeps the tree as written (no browser-style repair), so misplaced elements stay visible.
    soup = BeautifulSoup(html, "html.parser")
    errors = [
        f"<{block.name}> inside <{block.find_parent(PHRASING_ONLY).name}>"
        for block in soup.find_all(BLOCKS)
        if block.find_parent(PHRASING_ONLY) is not None
    ]
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    errors += [f"duplicate id {name}" for name, count in ids.items() if count > 1]
    errors += ["label for an empty id" for label in soup.find_all("label", attrs={"for": ""})]
    return errors


def test_the_sign_up_page_keeps_password_rules_out_of_paragraphs(client):
    html = client.get(reverse("account_signup")).content.decode()

    assert "at least 12 characters" in html
    assert structure_errors(html) == []


def test_the_teachers_schedule_page_is_well_formed(client, teacher):
    make_schedule(teacher, days=[0, 2])
    client.force_login(teacher)

    html = client.get(reverse("scheduling:teacher-calendar")).content.decode()

    assert html.count('class="slot-chip"') == 2  # the weekly hours, each with its own remove form
    assert structure_errors(html) == []


def test_the_course_builder_and_lesson_editor_are_well_formed(client, teacher, built):  # noqa: F811
    client.force_login(teacher)

    builder = client.get(reverse("learning:builder", args=[built.course.pk])).content.decode()
    editor = client.get(reverse("learning:lesson-edit", args=[built.lesson1.pk])).content.decode()

    assert built.lesson1.title in builder and built.lesson1.title in editor
    assert structure_errors(builder) == []
    assert structure_errors(editor) == []


def test_the_review_form_labels_its_star_rating_as_a_group(client, student, built):  # noqa: F811
    client.force_login(student)

    html = client.get(f"{built.url}review/").content.decode()

    assert "<legend>" in html
    assert structure_errors(html) == []
