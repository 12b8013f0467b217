"""A private session's title is shown in the reader's language, not in the language of whoever booked it."""

from datetime import timedelta

import pytest
from django.utils import translation

from scheduling.models import LiveSession

from .factories import NOW

pytestmark = pytest.mark.django_db


def session(teacher, kind, title):
    return LiveSession.objects.create(
        teacher=teacher, kind=kind, title=title, starts_at=NOW, ends_at=NOW + timedelta(hours=1)
    )


def test_a_private_session_booked_in_arabic_reads_in_english_for_an_english_reader(teacher):
    booked_in_arabic = session(teacher, LiveSession.Kind.PRIVATE, f"حصة خاصة مع {teacher.name}")

    with translation.override("en"):
        assert booked_in_arabic.display_title == f"Private session with {teacher.name}"


def test_a_group_class_keeps_the_title_its_teacher_gave_it(teacher):
    group = session(teacher, LiveSession.Kind.GROUP, "Conversation club")

    assert group.display_title == "Conversation club"
