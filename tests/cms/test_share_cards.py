"""Share cards: drawn after a publish, used as og:image unless the editor chose one, redrawn only when what they
say changes, and Arabic drawn right to left."""

import io

import pytest
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from cms import share_cards
from cms.models import ShareCard
from core import imaging
from tests.cms.conftest import parse

from .factories import CourseFactory, add_category, add_course_page


def publish(page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return ShareCard.objects.select_related("image").get(page=page)


@pytest.fixture
def course_page(site):
    return add_course_page(add_category(site["en"], slug="cards"), CourseFactory(title="Arabic A1: Foundations"))


def test_publishing_a_course_page_draws_its_card_and_shares_it(client, course_page, django_capture_on_commit_callbacks):
    card = publish(course_page, django_capture_on_commit_callbacks)
    assert (card.image.width, card.image.height) == imaging.SHARE_IMAGE_SIZE
    meta = parse(client.get(course_page.url))
    og_image = meta.select_one('meta[property="og:image"]')["content"]
    assert card.image.file.name.rsplit("/", 1)[-1].split(".")[0] in og_image
    assert meta.select_one('meta[name="twitter:image"]')["content"] == og_image


def test_an_editors_share_image_wins_over_the_card(client, course_page, django_capture_on_commit_callbacks):
    publish(course_page, django_capture_on_commit_callbacks)
    chosen = Image.objects.create(title="Chosen", file=get_test_image_file(filename="chosen.png"))
    course_page.og_image = chosen
    course_page.save_revision().publish()
    og_image = parse(client.get(course_page.url)).select_one('meta[property="og:image"]')["content"]
    assert "chosen" in og_image


def test_the_card_is_redrawn_only_when_what_it_says_changes(course_page, django_capture_on_commit_callbacks):
    first = publish(course_page, django_capture_on_commit_callbacks)
    assert publish(course_page, django_capture_on_commit_callbacks).image_id == first.image_id
    course_page.title = "Arabic A1: New title"
    redrawn = publish(course_page, django_capture_on_commit_callbacks)
    assert redrawn.image_id != first.image_id
    assert not Image.objects.filter(pk=first.image_id).exists()  # the old picture does not linger


def test_pages_without_a_card_get_none(site):
    assert share_cards.refresh_share_card(page=site["en"]) is None
    assert not ShareCard.objects.filter(page=site["en"]).exists()


def _ink_columns(png: bytes) -> tuple[int, int]:
    """Left- and rightmost columns of white text in the title band."""
    picture = PILImage.open(io.BytesIO(png)).convert("L").crop((0, 170, 1200, 440))
    white = picture.point(lambda value: 255 if value > 240 else 0)
    left, _, right, _ = white.getbbox()
    return left, right


def test_an_english_title_starts_left_and_an_arabic_title_starts_right():
    assert imaging.can_shape_text()  # this machine's Pillow has Raqm: Arabic is joined, not drawn letter by letter
    english = share_cards.render_card(title="Arabic A1", kicker="A1", brand="Fluentory", language="en")
    arabic = share_cards.render_card(title="العربية A1", kicker="A1", brand="فلوينتوري", language="ar")
    left, right = _ink_columns(english)
    assert left < 100 and right < 900
    left, right = _ink_columns(arabic)
    assert right > 1100 and left > 300


def test_a_long_title_is_wrapped_and_never_runs_off_the_card():
    png = share_cards.render_card(title="Very " * 60, kicker="B2", brand="Fluentory", language="en")
    left, right = _ink_columns(png)
    assert left >= 70 and right <= 1130
