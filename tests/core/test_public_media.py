"""A production run on one machine serves public images itself (SERVE_PUBLIC_MEDIA), and nothing else."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from fluentory.views import public_media


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "cover.width-480.webp").write_bytes(b"RIFF-webp")
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "worksheet.pdf").write_bytes(b"%PDF-private")
    return tmp_path


def test_a_public_image_rendition_is_served_with_a_long_cache_lifetime(media_root, settings):
    response = public_media(RequestFactory().get("/media/images/cover.width-480.webp"), "images/cover.width-480.webp")

    assert b"".join(response.streaming_content) == b"RIFF-webp"
    assert response["Cache-Control"] == f"public, max-age={settings.PUBLIC_MEDIA_MAX_AGE}"


@pytest.mark.parametrize("path", ["documents/worksheet.pdf", "images/../documents/worksheet.pdf", "images/none.png"])
def test_documents_and_anything_outside_the_image_folders_are_not_served(media_root, path):
    with pytest.raises(Http404):
        public_media(RequestFactory().get(f"/media/{path}"), path)
