"""Lesson videos: only addresses a player can play are accepted (YouTube, Vimeo, or an uploaded file), and they play
in the provider's player, built from the address alone (no oEmbed call, so it works offline)."""

import uuid

import pytest
from wagtail.blocks import StructBlockValidationError
from wagtail.embeds.embeds import get_embed

from learning.blocks import VideoBlock
from learning.forms import ContentBlockForm
from learning.video import playable_video
from tests.learning.factories import CourseFactory, EnrollmentFactory, LessonFactory, ModuleFactory

YOUTUBE = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("url", "embed_url"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", YOUTUBE),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", YOUTUBE),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", YOUTUBE),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", YOUTUBE),
        ("http://youtube.com/live/dQw4w9WgXcQ", YOUTUBE),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://vimeo.com/channels/staffpicks/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://vimeo.com/76979871/8272103f6e", "https://player.vimeo.com/video/76979871?h=8272103f6e"),
        (
            "https://player.vimeo.com/video/76979871?h=8272103f6e",
            "https://player.vimeo.com/video/76979871?h=8272103f6e",
        ),
    ],
)
def test_youtube_and_vimeo_addresses_become_their_players(url, embed_url):
    assert playable_video(url).embed_url == embed_url


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/lesson.mp4",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/@fluentory",
        "https://evil.example/?next=https://youtu.be/dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
        "https://vimeo.com/about",
        "http://[::1",
        "",
    ],
)
def test_other_addresses_are_not_playable(url):
    assert playable_video(url) is None


def test_the_block_refuses_an_address_no_player_can_play():
    with pytest.raises(StructBlockValidationError) as refused:
        VideoBlock().clean({"title": "", "url": "https://example.com/lesson.mp4", "file": None, "captions": None})
    assert "Only YouTube and Vimeo videos can be played here" in str(refused.value.block_errors["url"])


def test_the_block_needs_an_address_or_a_file():
    with pytest.raises(StructBlockValidationError) as refused:
        VideoBlock().clean({"title": "", "url": "", "file": None, "captions": None})
    assert "one of the two" in str(refused.value.block_errors["url"])


def test_the_teachers_form_refuses_an_address_no_player_can_play():
    form = ContentBlockForm(data={"kind": "video", "title": "t", "url": "https://example.com/lesson.mp4"})
    assert not form.is_valid()
    assert "Only YouTube and Vimeo videos can be played here." in form.errors["url"]


@pytest.mark.django_db
def test_a_youtube_lesson_video_plays_in_the_youtube_player(client, student):
    course = CourseFactory()
    value = {"title": "Greetings", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "file": None, "captions": None}
    lesson = LessonFactory(
        module=ModuleFactory(course=course), body=[{"type": "video", "id": str(uuid.uuid4()), "value": value}]
    )
    EnrollmentFactory(student=student, course=course)
    client.force_login(student)
    page = client.get(f"/learn/courses/{course.slug}/lessons/{lesson.pk}/").content.decode()
    assert f'<iframe src="{YOUTUBE}" title="Greetings"' in page
    assert "<video" not in page


@pytest.mark.django_db
def test_wagtail_embeds_of_youtube_and_vimeo_work_offline(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("no oEmbed request may be made")

    monkeypatch.setattr("urllib.request.urlopen", no_network)
    embed = get_embed("https://vimeo.com/76979871")
    assert embed.provider_name == "Vimeo"
    assert 'src="https://player.vimeo.com/video/76979871"' in embed.html
