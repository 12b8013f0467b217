"""A certificate's CEFR level is kept as its code and read in the language of the page that shows it."""

import shutil
import subprocess

import pytest
from django.apps import apps
from django.utils.translation import override

from learning import certificate_documents
from learning.models import Certificate, Enrollment
from learning.services import certificates
from tests.learning.factories import CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db
ARABIC_B1, ENGLISH_B1 = "B1 · متوسط", "B1 · Intermediate"
BOTH_WAYS = [("en", ENGLISH_B1, ARABIC_B1), ("ar", ARABIC_B1, ENGLISH_B1)]


@pytest.fixture
def issued_in_arabic(student):
    student.preferred_language = "ar"
    student.save()
    course = CourseFactory(title="Business talk", level="B1")
    enrollment = EnrollmentFactory(student=student, course=course, status=Enrollment.Status.COMPLETED)
    return certificates.issue_certificate(enrollment=enrollment)


def page(client, url, language):
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_level_code_is_stored_beside_the_label_it_was_issued_with(issued_in_arabic):
    assert (issued_in_arabic.level_code, issued_in_arabic.level) == ("B1", ARABIC_B1)


@pytest.mark.parametrize(("language", "shown", "not_shown"), BOTH_WAYS)
def test_the_verification_and_share_pages_show_the_level_in_the_viewers_language(
    client, issued_in_arabic, language, shown, not_shown
):
    for url in (f"/certificates/{issued_in_arabic.code}/", f"/certificates/{issued_in_arabic.code}/share/"):
        content = page(client, url, language)
        assert shown in content and not_shown not in content


@pytest.mark.parametrize(("language", "shown", "not_shown"), BOTH_WAYS)
def test_the_students_certificates_page_shows_the_level_in_the_pages_language(
    client, student, issued_in_arabic, language, shown, not_shown
):
    client.force_login(student)
    content = page(client, "/learn/certificates/", language)
    assert shown in content and not_shown not in content


def test_the_credential_states_the_level_in_the_sites_language(client, issued_in_arabic):
    badge = client.get(f"/certificates/{issued_in_arabic.code}.json").json()
    assert badge["credentialSubject"]["achievement"]["humanCode"] == ENGLISH_B1


@pytest.mark.parametrize(("language", "label"), [("en", ENGLISH_B1), ("ar", ARABIC_B1)])
def test_the_pdf_states_the_level_in_the_language_it_is_laid_out_in(issued_in_arabic, language, label):
    # With no template in the holder's language, the site's one lays the document out in its own language.
    certificate = Certificate.objects.get(pk=issued_in_arabic.pk)
    certificate.language = language
    document = certificate_documents.document_for(certificate)
    assert (document.language, document.values["level"]) == (language, label)


def test_the_pdf_text_carries_the_translated_level(issued_in_arabic, tmp_path):
    Certificate.objects.filter(pk=issued_in_arabic.pk).update(language="en")
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(certificate_documents.pdf_for(Certificate.objects.get(pk=issued_in_arabic.pk)))
    text = subprocess.run([shutil.which("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Intermediate" in text


def test_a_custom_level_keeps_its_own_words_in_every_language(client, student):
    course = CourseFactory(title="Medical Arabic", level="custom", custom_level="Clinic ready")
    enrollment = EnrollmentFactory(student=student, course=course, status=Enrollment.Status.COMPLETED)
    certificate = certificates.issue_certificate(enrollment=enrollment)
    assert certificate.level_code == ""
    for language in ("en", "ar"):
        assert "Clinic ready" in page(client, f"/certificates/{certificate.code}/", language)


def test_a_certificate_issued_before_codes_were_kept_gets_its_code_from_its_label(issued_in_arabic):
    Certificate.objects.filter(pk=issued_in_arabic.pk).update(level_code="")
    migration = __import__("learning.migrations.0012_certificate_level_code", fromlist=["codes_from_labels"])
    migration.codes_from_labels(apps, None)
    certificate = Certificate.objects.get(pk=issued_in_arabic.pk)
    assert certificate.level_code == "B1"
    with override("en"):
        assert certificate.level_label == ENGLISH_B1


def test_an_old_label_that_names_no_code_is_shown_as_issued(client, issued_in_arabic):
    Certificate.objects.filter(pk=issued_in_arabic.pk).update(level_code="", level="Niveau B1")
    assert "Niveau B1" in page(client, f"/certificates/{issued_in_arabic.code}/", "en")
