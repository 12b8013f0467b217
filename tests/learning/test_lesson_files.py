"""Lesson files (documents, audio, captions) are served only to the course's students, teachers and admins;
uploads are limited to an allow-list of types and sizes; nothing is served inline."""

import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

from learning import lesson_files
from learning.forms import ContentBlockForm
from tests.learning.factories import CourseFactory, EnrollmentFactory, LessonFactory, ModuleFactory

pytestmark = pytest.mark.django_db

WORKSHEET = b"%PDF-1.4\n% a worksheet\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "public"
    settings.STORAGES = {
        **settings.STORAGES,
        "private_media": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }


def make_document(title="Worksheet", name="worksheet.pdf", content=WORKSHEET, **fields):
    document = get_document_model()(title=title, **fields)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


@pytest.fixture
def course_file(student, teacher):
    """A worksheet used by a lesson of a course `student` is enrolled in and `teacher` teaches."""
    course = CourseFactory(teachers=[teacher])
    document = make_document()
    block = {"type": "download", "id": str(uuid.uuid4()), "value": {"title": "Worksheet", "document": document.pk}}
    lesson = LessonFactory(module=ModuleFactory(course=course), body=[block])
    EnrollmentFactory(student=student, course=course)
    return document, lesson


def download(client, document):
    return client.get(document.url)


def test_enrolled_students_teachers_and_admins_download_the_file(client, course_file, student, teacher, admin_user):
    document, _lesson = course_file
    for person in (student, teacher, admin_user):
        client.force_login(person)
        response = download(client, document)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == WORKSHEET
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "Cookie" in response["Vary"]  # a shared cache never hands one reader's file to another visitor


def test_other_students_and_teachers_are_told_it_is_not_there(client, course_file, other_student, other_teacher):
    document, _lesson = course_file
    for person in (other_student, other_teacher):
        client.force_login(person)
        response = download(client, document)
        assert response.status_code == 404
        assert WORKSHEET not in response.content


def test_anonymous_visitors_are_asked_to_sign_in(client, course_file):
    document, _lesson = course_file
    response = download(client, document)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=") and str(document.pk) in response["Location"]


def test_a_refunded_student_loses_the_file(client, course_file, student):
    document, lesson = course_file
    lesson.course.enrollments.update(status="refunded")
    client.force_login(student)
    assert download(client, document).status_code == 404


def test_lesson_files_are_not_under_the_public_media_folder(course_file, settings):
    document, _lesson = course_file
    assert not (settings.MEDIA_ROOT / document.file.name).exists()
    assert storages["private_media"].exists(document.file.name)


def test_a_teachers_upload_is_private_before_any_lesson_uses_it(client, teacher, other_teacher, admin_user):
    document = make_document(collection=lesson_files.lesson_files_collection(), uploaded_by_user=teacher)
    client.force_login(other_teacher)
    assert download(client, document).status_code == 404
    for person in (teacher, admin_user):
        client.force_login(person)
        assert download(client, document).status_code == 200


def test_documents_not_used_by_lessons_stay_public(client):
    brochure = make_document(title="Brochure", name="brochure.pdf")
    assert download(client, brochure).status_code == 200


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "logo.svg"])
def test_the_document_library_refuses_dangerous_types(name, admin_user):
    form = get_document_form(get_document_model())(
        data={"title": "x", "collection": lesson_files.lesson_files_collection().pk},
        files={"file": SimpleUploadedFile(name, b"<script>alert(1)</script>")},
        user=admin_user,
    )
    assert not form.is_valid()
    assert name.rsplit(".", 1)[1] in str(form.errors["file"]) and "not allowed" in str(form.errors["file"])
    assert not get_document_model().objects.exists()


def test_the_document_library_limits_size_per_type(settings, admin_user):
    settings.UPLOAD_LIMITS_MB = {**settings.UPLOAD_LIMITS_MB, "vtt": 0.001}
    form = get_document_form(get_document_model())(
        data={"title": "x", "collection": lesson_files.lesson_files_collection().pk},
        files={"file": SimpleUploadedFile("captions.vtt", b"WEBVTT\n" + b"x" * 2000)},
        user=admin_user,
    )
    assert not form.is_valid()
    assert "too big" in str(form.errors["file"]) and ".vtt" in str(form.errors["file"])


def test_svg_images_are_refused(admin_user):
    form = get_image_form(get_image_model())(
        data={"title": "x", "collection": lesson_files.lesson_files_collection().pk},
        files={"file": SimpleUploadedFile("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")},
        user=admin_user,
    )
    assert not form.is_valid()
    assert "Not a supported image format" in str(form.errors["file"])


@pytest.mark.parametrize(
    ("kind", "name", "accepted"),
    [
        ("download", "notes.html", False),
        ("download", "worksheet.pdf", True),
        ("audio", "song.exe", False),
        ("audio", "worksheet.pdf", False),
        ("audio", "greetings.ogg", True),
        ("video", "captions.svg", False),
    ],
)
def test_teachers_uploads_follow_the_allow_list(kind, name, accepted):
    data = {"kind": kind, "title": "t", "url": "https://youtu.be/dQw4w9WgXcQ"}
    form = ContentBlockForm(data=data, files={"file": SimpleUploadedFile(name, b"data")})
    assert form.is_valid() is accepted
    if not accepted:
        assert "cannot be uploaded here" in str(form.errors["file"])


def test_the_lesson_player_shows_the_worksheet_and_the_audio(client, student, teacher):
    course = CourseFactory(teachers=[teacher])
    worksheet = make_document()
    audio = make_document(title="Greetings", name="greetings.ogg", content=b"OggS")
    body = [
        {"type": "audio", "id": str(uuid.uuid4()), "value": {"title": "Listen", "file": audio.pk, "transcript": "hi"}},
        {"type": "download", "id": str(uuid.uuid4()), "value": {"title": "Worksheet", "document": worksheet.pk}},
    ]
    lesson = LessonFactory(module=ModuleFactory(course=course), body=body)
    EnrollmentFactory(student=student, course=course)
    client.force_login(student)
    page = client.get(f"/learn/courses/{course.slug}/lessons/{lesson.pk}/").content.decode()
    assert f'<audio controls preload="none" src="{audio.url}">' in page
    assert f'href="{worksheet.url}" download' in page and "Download: Worksheet" in page
    assert download(client, audio)["Content-Type"] == "audio/ogg"


S3_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "fluentory-media",
    "AWS_PRIVATE_STORAGE_BUCKET_NAME": "fluentory-lesson-files",
    "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "secret",
    "AWS_S3_REGION_NAME": "eu-west-1",
}


def storage_settings(env: dict) -> dict:
    """The storage settings a server started with `env` would use (read in a fresh interpreter)."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json; from fluentory.settings import base as s; serve = getattr(s, 'WAGTAILDOCS_SERVE_METHOD', None); "
        "print(json.dumps({'storages': s.STORAGES, 'serve': serve}, default=str))"
    )
    result = subprocess.run([sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_serves_lesson_files_from_private_storage_with_short_lived_signed_urls():
    from storages.backends.s3 import S3Storage

    configured = storage_settings(S3_ENV)
    assert configured["serve"] == "redirect"
    private = configured["storages"]["private_media"]
    assert private["OPTIONS"]["bucket_name"] == "fluentory-lesson-files"
    assert configured["storages"]["default"]["BACKEND"] == "learning.storage.MediaStorage"

    credentials = {"access_key": "AKIAEXAMPLE", "secret_key": "secret", "region_name": "eu-west-1"}
    url = S3Storage(**private["OPTIONS"], **credentials).url("documents/worksheet.pdf")
    assert url.startswith("https://fluentory-lesson-files.s3")
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url


def test_production_refuses_to_start_without_a_private_bucket():
    import os
    import subprocess
    import sys

    env = {**os.environ, **S3_ENV}
    del env["AWS_PRIVATE_STORAGE_BUCKET_NAME"]
    result = subprocess.run(
        [sys.executable, "-c", "from fluentory.settings import base"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "AWS_PRIVATE_STORAGE_BUCKET_NAME" in result.stderr


def test_the_document_view_redirects_readers_to_the_signed_url(client, course_file, student, settings, monkeypatch):
    document, _lesson = course_file
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    monkeypatch.setattr(storages["private_media"], "url", lambda name: f"https://signed.example/{name}?sig=1")
    client.force_login(student)
    response = download(client, document)
    assert response.status_code == 302 and response["Location"].startswith("https://signed.example/documents/")
    client.logout()
    assert not download(client, document)["Location"].startswith("https://signed.example")


def test_a_teachers_upload_in_the_builder_is_checked_and_kept_private(client, teacher):
    lesson = LessonFactory(module=ModuleFactory(course=CourseFactory(teachers=[teacher])))
    client.force_login(teacher)
    page = SimpleUploadedFile("page.html", b"<script>alert(1)</script>", content_type="text/html")
    refused = client.post(f"/teach/lessons/{lesson.pk}/blocks/", {"kind": "download", "title": "x", "file": page})
    assert refused.status_code == 400 and "cannot be uploaded here" in refused.content.decode()
    assert not get_document_model().objects.exists()

    worksheet = SimpleUploadedFile("worksheet.pdf", WORKSHEET, content_type="application/pdf")
    client.post(f"/teach/lessons/{lesson.pk}/blocks/", {"kind": "download", "title": "Sheet", "file": worksheet})
    document = get_document_model().objects.get()
    assert document.collection.name == lesson_files.LESSON_FILES_COLLECTION
    client.logout()
    assert download(client, document).status_code == 302
