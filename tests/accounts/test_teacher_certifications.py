"""Teachers' certifications: recorded by admins on the Teachers screen, documents private to admins and the teacher,
reminders 30 and 7 days before expiry, each once, to the teacher and the admins."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts.models import AuditEntry, TeacherCertification
from notifications.models import OutboxEmail
from notifications.tasks import run_sequences
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)


def certify(teacher, *, expires_on=None, document=True, **fields) -> TeacherCertification:
    return TeacherCertification.objects.create(
        profile=teacher.teacher_profile,
        title=fields.pop("title", "CELTA"),
        issuer=fields.pop("issuer", "Cambridge English"),
        issued_on=fields.pop("issued_on", date(2024, 6, 1)),
        expires_on=expires_on,
        document=SimpleUploadedFile("celta scan.pdf", PDF, content_type="application/pdf") if document else "",
    )


# Documents ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("diploma.html", 100, "Files of type “.html” cannot be uploaded here"),
        ("diploma.svg", 100, "Files of type “.svg” cannot be uploaded here"),
        ("diploma.exe", 100, "Files of type “.exe” cannot be uploaded here"),
        ("diploma.pdf", 10 * 1024 * 1024 + 1, "This file is too big"),
    ],
)
def test_a_document_of_another_type_or_too_big_is_refused(teacher, name, size, message):
    certification = TeacherCertification(
        profile=teacher.teacher_profile, title="CELTA", issuer="Cambridge", issued_on=date(2024, 1, 1)
    )
    certification.document = SimpleUploadedFile(name, b"x" * size)
    with pytest.raises(ValidationError, match=message):
        certification.full_clean()


@pytest.mark.parametrize("name", ["scan.pdf", "photo.JPG", "photo.jpeg", "photo.png"])
def test_pdf_and_photos_are_accepted(teacher, name):
    certification = TeacherCertification(
        profile=teacher.teacher_profile, title="CELTA", issuer="Cambridge", issued_on=date(2024, 1, 1)
    )
    certification.document = SimpleUploadedFile(name, PDF)
    certification.full_clean()


def test_a_certification_cannot_expire_before_it_was_issued(teacher):
    certification = TeacherCertification(
        profile=teacher.teacher_profile,
        title="CELTA",
        issuer="Cambridge",
        issued_on=date(2024, 1, 1),
        expires_on=date(2023, 1, 1),
    )
    with pytest.raises(ValidationError, match="must expire after the day it was issued"):
        certification.full_clean()


def test_the_document_is_stored_privately_and_linked_through_the_access_check(teacher, settings):
    certification = certify(teacher)
    assert certification.document.url == reverse("accounts:certification-document", args=[certification.pk])
    assert Path(certification.document.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert "celta" not in certification.document.name  # the stored name says nothing about its holder


@pytest.mark.parametrize(
    ("who", "status"),
    [("admin_user", 200), ("teacher", 200), ("other_teacher", 403), ("student", 403), ("partner", 403)],
)
def test_only_admins_and_the_teacher_download_the_document(client, request, teacher, who, status):
    certification = certify(teacher)
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("accounts:certification-document", args=[certification.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"].startswith("attachment;")
        assert b"".join(response.streaming_content) == PDF


def test_anonymous_visitors_are_asked_to_log_in_for_a_document(client, teacher):
    certification = certify(teacher)
    response = client.get(reverse("accounts:certification-document", args=[certification.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_public_media_view_never_serves_a_certification(client, teacher):
    certification = certify(teacher)
    response = client.get(f"/media/{certification.document.name}")
    assert response.status_code == 404


def test_the_teacher_sees_their_certifications_on_their_profile(client, teacher, other_teacher):
    certify(teacher, title="CELTA", expires_on=date(2028, 5, 1))
    certify(other_teacher, title="DELTA")
    client.force_login(teacher)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Your certifications" in html and "CELTA" in html and "DELTA" not in html


# The Teachers screen ------------------------------------------------------------------------------------------


def profile_form(teacher, certifications):
    profile = teacher.teacher_profile
    return nested_form_data(
        {
            "user": teacher.pk,
            "headline": profile.headline,
            "bio": "Ten years of teaching Arabic.",
            "languages_taught": "Arabic, French",
            "can_create_courses": "on",
            "certifications": inline_formset(certifications),
        }
    )


def test_an_admin_records_a_certification_with_its_document_on_the_teachers_screen(client, admin_user, teacher):
    client.force_login(admin_user)
    url = reverse("teacherprofile:edit", args=[teacher.teacher_profile.pk])
    form = client.get(url).content.decode()
    assert "Certifications" in form and 'enctype="multipart/form-data"' in form
    data = profile_form(
        teacher,
        [
            {
                "title": "CELTA",
                "issuer": "Cambridge English",
                "issued_on": "2024-06-01",
                "expires_on": "2027-06-01",
                "document": SimpleUploadedFile("celta.pdf", PDF, content_type="application/pdf"),
            }
        ],
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    certification = TeacherCertification.objects.get(profile__user=teacher)
    assert (certification.title, certification.expires_on) == ("CELTA", date(2027, 6, 1))
    assert certification.document.open("rb").read() == PDF
    entry = AuditEntry.objects.get(action="teacher.profile_changed")
    assert entry.actor == admin_user and "certifications" in entry.details["changed"]


def test_a_bad_document_on_the_teachers_screen_is_explained_and_nothing_is_saved(client, admin_user, teacher):
    client.force_login(admin_user)
    url = reverse("teacherprofile:edit", args=[teacher.teacher_profile.pk])
    data = profile_form(
        teacher,
        [
            {
                "title": "CELTA",
                "issuer": "Cambridge English",
                "issued_on": "2024-06-01",
                "expires_on": "",
                "document": SimpleUploadedFile("celta.html", b"<script>alert(1)</script>", content_type="text/html"),
            }
        ],
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Files of type “.html” cannot be uploaded here" in response.content.decode()
    assert not TeacherCertification.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="teacher").exists()
    teacher.teacher_profile.refresh_from_db()
    assert teacher.teacher_profile.languages_taught == "Arabic, English"


def test_the_teachers_list_shows_photos_certifications_and_links_to_performance_and_calendar(
    client, admin_user, teacher, django_assert_max_num_queries
):
    certify(teacher, expires_on=date(2099, 1, 31))
    for _ in range(5):
        certify(UserFactory(teacher=True), expires_on=date(2099, 2, 1))
    client.force_login(admin_user)
    with django_assert_max_num_queries(20):
        html = client.get(reverse("teacherprofile:index")).content.decode()
    assert teacher.display_name in html and "31 January 2099" in html
    assert reverse("teacher_performance") in html
    assert reverse("teacher_performance_detail", args=[teacher.pk]) in html
    assert reverse("teacher_calendar", args=[teacher.pk]) in html


def test_editors_cannot_open_the_teachers_screen(client, teacher, marketing_editor):
    client.force_login(marketing_editor)
    response = client.get(reverse("teacherprofile:edit", args=[teacher.teacher_profile.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


# Reminders ----------------------------------------------------------------------------------------------------


def reminders():
    return OutboxEmail.objects.filter(subject__contains="expires in")


def tick(moment):
    with time_machine.travel(moment, tick=False):
        return run_sequences()


def test_the_teacher_and_the_admins_are_reminded_30_and_7_days_before_expiry_once_each(teacher, admin_user):
    other_admin = UserFactory(admin=True)
    with time_machine.travel(NOW, tick=False):
        certify(teacher, title="CELTA", expires_on=date(2027, 5, 1))
    assert tick(NOW + timedelta(minutes=1)) == 0  # two months ahead: nothing yet
    assert tick(datetime(2027, 3, 31, 23, 59, tzinfo=UTC)) == 0
    assert tick(datetime(2027, 4, 1, 0, 1, tzinfo=UTC)) == 3  # 30 days before: teacher and both admins
    assert tick(datetime(2027, 4, 1, 0, 2, tzinfo=UTC)) == 0
    assert tick(datetime(2027, 4, 20, 9, 0, tzinfo=UTC)) == 0
    assert tick(datetime(2027, 4, 24, 0, 1, tzinfo=UTC)) == 3  # 7 days before
    assert tick(datetime(2027, 4, 25, 0, 1, tzinfo=UTC)) == 0
    assert sorted(reminders().values_list("to", flat=True)) == sorted(
        [teacher.email, admin_user.email, other_admin.email] * 2
    )
    to_teacher = reminders().filter(to=teacher.email).order_by("pk")
    assert "CELTA (Cambridge English) expires in 30 days" in to_teacher[0].subject
    assert "in 7 days" in to_teacher[1].subject
    assert "/account/profile/#certifications" in to_teacher[0].body
    to_admin = reminders().filter(to=admin_user.email).first()
    assert reverse("teacherprofile:edit", args=[teacher.teacher_profile.pk]) in to_admin.body


def test_a_retried_tick_sends_nothing_twice(teacher, admin_user):
    with time_machine.travel(NOW, tick=False):
        certify(teacher, expires_on=date(2027, 3, 20))  # 19 days ahead: the 30-day reminder is already late
    assert tick(NOW + timedelta(minutes=1)) == 0
    moment = datetime(2027, 3, 13, 0, 1, tzinfo=UTC)
    assert tick(moment) == 2
    assert tick(moment) == 0
    assert tick(moment + timedelta(hours=1)) == 0
    assert reminders().count() == 2
    assert all("in 7 days" in subject for subject in reminders().values_list("subject", flat=True))


def test_a_renewed_certification_is_reminded_of_its_new_date_only(teacher, admin_user):
    with time_machine.travel(NOW, tick=False):
        certification = certify(teacher, expires_on=date(2027, 5, 1))
    assert tick(NOW + timedelta(minutes=1)) == 0
    with time_machine.travel(NOW + timedelta(days=10), tick=False):
        certification.expires_on = date(2030, 5, 1)
        certification.save()
    assert tick(NOW + timedelta(days=10, minutes=1)) == 0
    assert tick(datetime(2027, 4, 1, 0, 1, tzinfo=UTC)) == 0  # the old date's reminders are dropped
    assert tick(datetime(2027, 4, 24, 0, 1, tzinfo=UTC)) == 0
    assert not reminders().exists()


def test_a_deleted_certification_or_one_without_expiry_gets_no_reminder(teacher, admin_user):
    with time_machine.travel(NOW, tick=False):
        certify(teacher, expires_on=date(2027, 5, 1)).delete()
        certify(teacher, title="Teaching licence", expires_on=None)
    for moment in (NOW + timedelta(minutes=1), datetime(2027, 4, 1, 0, 1, tzinfo=UTC)):
        assert tick(moment) == 0
    assert not reminders().exists()


def test_an_admin_appointed_later_is_reminded_when_the_look_ahead_reaches_the_date(teacher):
    with time_machine.travel(NOW, tick=False):
        certify(teacher, expires_on=date(2027, 6, 15))
    assert tick(NOW + timedelta(minutes=1)) == 0
    newcomer = UserFactory(admin=True)
    assert tick(datetime(2027, 5, 15, 0, 1, tzinfo=UTC)) == 0  # the look-ahead (31 days) reaches the date
    assert tick(datetime(2027, 5, 16, 0, 1, tzinfo=UTC)) == 2  # 30 days before
    assert set(reminders().values_list("to", flat=True)) == {teacher.email, newcomer.email}


def test_the_teachers_certifications_read_right_to_left_in_arabic(client, teacher):
    certify(teacher, expires_on=date(2028, 5, 1))
    teacher.preferred_language = "ar"
    teacher.save()
    client.force_login(teacher)
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("accounts:profile")).content.decode()
    assert 'dir="rtl"' in html and "شهاداتك" in html and "تنزيل" in html
