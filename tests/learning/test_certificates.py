"""Certificates: issued once per completed enrollment, by allowed teachers, revoked with a refund or by an admin;
the PDF names the student and the course and its QR code opens the verification page."""

import json
import shutil
import subprocess
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils.translation import override

from learning import certificate_documents, certificate_sharing
from learning.models import Certificate, CertificateTemplate, Enrollment, Level
from learning.services import certificates, complete_lesson, mark_course_completed, revoke_enrollment
from notifications.models import Notification
from tests.learning.factories import CertificateTemplateFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

ISSUED = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


@pytest.fixture
def completed(student, teacher):
    from tests.learning.factories import CourseFactory

    course = CourseFactory(title="Arabic greetings", teachers=[teacher], level="A2", estimated_hours=12)
    return EnrollmentFactory(student=student, course=course, status=Enrollment.Status.COMPLETED)


def issued(enrollment):
    with time_machine.travel(ISSUED, tick=False):
        return certificates.issue_certificate(enrollment=enrollment)


def test_completing_the_course_issues_one_certificate_and_tells_the_student(built, django_capture_on_commit_callbacks):
    from analytics.models import Event

    for lesson in (built.lesson1, built.lesson2, built.lesson3):
        mark_passed = lesson is built.lesson2
        if mark_passed:
            from learning.models import QuizAttempt

            QuizAttempt.objects.create(
                enrollment=built.enrollment, quiz=built.quiz, number=1, submitted_at=ISSUED, score=100, passed=True
            )
        with django_capture_on_commit_callbacks(execute=True):
            complete_lesson(enrollment=built.enrollment, lesson=lesson)

    certificate = Certificate.objects.get(enrollment=built.enrollment)
    assert certificate.holder_name == "Sam Student"
    assert certificate.course_title == built.course.title
    assert certificate.pdf and certificate.share_image  # rendered by the task after the commit
    assert Notification.objects.filter(user=built.enrollment.student, kind="learning.certificate_issued").count() == 1
    assert Event.objects.filter(name="certificate_issued").count() == 1


def test_issuing_twice_returns_the_first_certificate(completed):
    first = issued(completed)
    again = certificates.issue_certificate(enrollment=completed)
    assert again.pk == first.pk
    assert Certificate.objects.count() == 1
    assert Notification.objects.filter(kind="learning.certificate_issued").count() == 1


def test_the_database_refuses_a_second_certificate_for_an_enrollment(completed):
    from django.db import IntegrityError, transaction

    first = issued(completed)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            enrollment=completed, language="en", holder_name="x", course_title="y", issued_at=first.issued_at
        )


def test_an_unfinished_course_gets_no_certificate_on_completion(student, built):
    with pytest.raises(certificates.CertificateRefused):
        certificates.issue_certificate(enrollment=built.enrollment)
    assert not Certificate.objects.exists()


def test_the_code_is_unguessable_and_not_the_primary_key(completed):
    certificate = issued(completed)
    assert len(certificate.code) >= 22
    assert str(certificate.pk) not in certificate_documents.verify_url(certificate.code).rsplit("/", 2)[-2]


def test_the_pdf_names_the_student_and_course_and_its_qr_code_opens_the_verification_page(client, completed, tmp_path):
    certificate = issued(completed)
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(certificate_documents.pdf_for(certificate))

    text = subprocess.run([shutil.which("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Sam Student" in text
    assert "Arabic greetings" in text
    subprocess.run(
        [shutil.which("pdftoppm"), "-png", "-r", "150", "-singlefile", str(pdf), str(tmp_path / "page")], check=True
    )
    decoded = subprocess.run(
        [shutil.which("zbarimg"), "--quiet", "--raw", str(tmp_path / "page.png")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert decoded == certificate_documents.verify_url(certificate.code)

    response = client.get(urlsplit(decoded).path)
    assert response.status_code == 200
    assert b'data-status="valid"' in response.content
    assert b"Sam Student" in response.content and b"Arabic greetings" in response.content


def test_after_revocation_the_same_address_says_revoked_and_when(client, completed, admin_user):
    certificate = issued(completed)
    url = f"/certificates/{certificate.code}/"
    assert b'data-status="valid"' in client.get(url).content  # now cached
    with time_machine.travel(datetime(2026, 4, 2, 12, tzinfo=UTC), tick=False):
        certificates.revoke_certificate(certificate=certificate, reason="Issued by mistake", admin=admin_user)
    response = client.get(url)
    assert response.status_code == 200
    assert b'data-status="revoked"' in response.content
    assert b"2 April 2026" in response.content
    assert b"Issued by mistake" not in response.content  # the reason stays in the admin


def test_a_guessed_code_is_404(client, completed):
    issued(completed)
    for path in ("/certificates/not-a-real-code/", "/certificates/1/", "/certificates/abc.json"):
        assert client.get(path, follow=True).status_code == 404


def test_the_verification_page_shows_no_other_personal_data(client, completed):
    certificate = issued(completed)
    content = client.get(f"/certificates/{certificate.code}/").content.decode()
    assert completed.student.email not in content
    badge = client.get(f"/certificates/{certificate.code}.json").content.decode()
    assert completed.student.email not in badge


def test_a_refund_revokes_the_certificate_in_the_same_transaction(completed):
    certificate = issued(completed)
    revoke_enrollment(enrollment=completed, status=Enrollment.Status.REFUNDED)
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revocation_reason == "The course was refunded."


def test_a_failed_refund_leaves_the_certificate_valid(completed):
    from django.db import transaction

    certificate = issued(completed)
    with pytest.raises(RuntimeError), transaction.atomic():
        revoke_enrollment(enrollment=completed, status=Enrollment.Status.REFUNDED)
        raise RuntimeError("the refund failed after access was revoked")
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_an_expired_enrollment_keeps_its_certificate(completed):
    certificate = issued(completed)
    revoke_enrollment(enrollment=completed, status=Enrollment.Status.EXPIRED)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoking_needs_a_reason_and_changes_nothing_without_one(completed, admin_user):
    certificate = issued(completed)
    with pytest.raises(certificates.CertificateRefused):
        certificates.revoke_certificate(certificate=certificate, reason="   ", admin=admin_user)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_open_badges_credential(client, completed):
    certificate = issued(completed)
    for response in (
        client.get(f"/certificates/{certificate.code}/", HTTP_ACCEPT="application/ld+json"),
        client.get(f"/certificates/{certificate.code}.json"),
    ):
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/ld+json")
        badge = json.loads(response.content)
        assert badge["@context"][0] == "https://www.w3.org/ns/credentials/v2"
        assert "ob/v3p0" in badge["@context"][1]
        assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
        assert badge["id"] == certificate_documents.verify_url(certificate.code)
        assert badge["issuer"]["type"] == ["Profile"]
        assert badge["validFrom"] == "2026-03-14T09:30:00Z"
        subject = badge["credentialSubject"]
        assert subject["achievement"]["name"] == "Arabic greetings"
        assert subject["identifier"][0]["identityHash"] == "Sam Student"
        assert badge["credentialStatus"]["type"] == "1EdTechRevocationList"
    status_url = urlsplit(badge["credentialStatus"]["id"]).path
    assert json.loads(client.get(status_url).content)["revokedCredentials"] == []
    certificates.revoke_certificate(certificate=certificate, reason="Refunded")
    revoked = json.loads(client.get(status_url).content)["revokedCredentials"]
    assert revoked[0]["id"] == badge["id"]


def test_linkedin_link_carries_name_issuer_date_and_verification_address(completed):
    from urllib.parse import parse_qs

    certificate = issued(completed)
    url = certificate_sharing.linkedin_url(certificate)
    assert url.startswith("https://www.linkedin.com/profile/add?")
    query = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Arabic greetings",
        "organizationName": "Fluentory",
        "issueYear": "2026",
        "issueMonth": "3",
        "certUrl": certificate_documents.verify_url(certificate.code),
        "certId": certificate.code,
    }


def test_share_page_has_open_graph_tags_and_a_png_picture(client, completed):
    certificate = issued(completed)
    page = client.get(f"/certificates/{certificate.code}/share/").content.decode()
    assert 'property="og:title"' in page and "Sam Student completed Arabic greetings" in page
    assert f'content="{certificate_sharing.share_image_url(certificate.code)}"' in page
    picture = client.get(f"/certificates/{certificate.code}/share.png")
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"
    assert picture.content.startswith(b"\x89PNG")
    certificate.refresh_from_db()
    assert certificate.share_image  # stored: the next request reads it


def test_the_verification_page_reads_the_certificate_from_the_cache(client, completed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    certificate = issued(completed)
    url = f"/certificates/{certificate.code}/"
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert any("learning_certificate" in query["sql"] for query in first.captured_queries)
    assert not any("learning_certificate" in query["sql"] for query in second.captured_queries)


def test_a_template_with_an_unknown_placeholder_is_refused_and_not_saved():
    template = CertificateTemplateFactory.build(wording="Well done {{ student }}, your grade is {{ grade }}.")
    with pytest.raises(ValidationError) as refused:
        template.full_clean()
    assert "{{ grade }}" in str(refused.value.message_dict["wording"])
    assert not CertificateTemplate.objects.exists()


def test_the_course_template_wins_over_the_default_and_the_language_over_the_site_language(completed):
    from wagtail.models import Locale

    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    default = CertificateTemplateFactory(name="default")
    own = CertificateTemplateFactory(name="own", course=completed.course)
    own_arabic = own.copy_for_translation(arabic)
    own_arabic.save()
    course = completed.course
    assert certificate_documents.template_for(course=course, language="en") == own
    assert certificate_documents.template_for(course=course, language="ar") == own_arabic
    own.delete()
    own_arabic.delete()
    assert certificate_documents.template_for(course=course, language="ar") == default


def test_a_second_default_in_one_language_is_refused():
    CertificateTemplateFactory(name="first")
    second = CertificateTemplateFactory.build(name="second")
    with pytest.raises(ValidationError):
        second.full_clean()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_preview_fills_in_sample_data_in_the_templates_language(language):
    from wagtail.models import Locale

    template = CertificateTemplateFactory(locale=Locale.objects.get_or_create(language_code=language)[0])
    html = template.serve_preview(None, "html").content.decode()
    assert f'lang="{language}"' in html
    assert f'dir="{"rtl" if language == "ar" else "ltr"}"' in html
    assert "{{" not in html
    pdf = template.serve_preview(None, "pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_certificate_is_in_the_students_language(completed):
    completed.student.preferred_language = "ar"
    completed.student.save()
    certificate = issued(completed)
    assert certificate.language == "ar"
    with override("ar"):
        assert certificate.level == str(Level.A2.label) != "A2 · Elementary"


def test_mark_course_completed_queues_the_certificate(completed, django_capture_on_commit_callbacks):
    completed.status = Enrollment.Status.ACTIVE
    completed.save()
    with django_capture_on_commit_callbacks(execute=True):
        mark_course_completed(enrollment=completed)
    assert Certificate.objects.filter(enrollment=completed).count() == 1


def test_the_sweep_issues_certificates_whose_task_was_lost(completed):
    from learning.tasks import issue_missing_certificates

    assert issue_missing_certificates() == 1
    assert issue_missing_certificates() == 0
    assert Certificate.objects.filter(enrollment=completed).count() == 1
