"""A student finds a certificate in /learn/, downloads it and shares it, in English and in Arabic; the shared
page and the verification page open for anyone."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.factories import PASSWORD, UserFactory

LABELS = {
    "en": {
        "certificates": "My certificates",
        "download": "Download PDF",
        "share": "Share page",
        "linkedin": "Add to LinkedIn profile",
        "valid": "Valid",
    },
    "ar": {
        "certificates": "شهاداتي",
        "download": "تنزيل PDF",
        "share": "صفحة المشاركة",
        "linkedin": "إضافة إلى ملف LinkedIn",
        "valid": "صالحة",
    },
}


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_student_finds_downloads_and_shares_a_certificate(page, language):
    from analytics.models import Event
    from learning.models import Enrollment
    from learning.services import certificates
    from tests.learning.factories import CourseFactory, EnrollmentFactory

    labels = LABELS[language]
    student = UserFactory(display_name="Lina Saleh", preferred_language=language)
    course = CourseFactory(title="Arabic greetings")
    enrollment = EnrollmentFactory(student=student, course=course, status=Enrollment.Status.COMPLETED)
    certificate = certificates.issue_certificate(enrollment=enrollment)

    login(page, student.email, PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
    page.goto("/learn/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    page.get_by_role("link", name=labels["certificates"], exact=True).first.click()
    expect(page.get_by_role("heading", name=labels["certificates"])).to_be_visible()
    card = page.locator(".certificate-card", has_text="Arabic greetings")
    expect(card).to_be_visible()

    with page.expect_download() as download:
        card.get_by_role("link", name=labels["download"]).click()
    assert download.value.suggested_filename == f"fluentory-certificate-{certificate.code}.pdf"
    with open(download.value.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"

    page.route("https://www.linkedin.com/**", lambda route: route.fulfill(status=200, body="LinkedIn"))
    card.get_by_role("button", name=labels["linkedin"]).click()
    page.wait_for_url(re.compile(r"^https://www\.linkedin\.com/profile/add\?.*startTask=CERTIFICATION_NAME"))
    assert f"certId={certificate.code}" in page.url

    page.goto("/learn/certificates/")
    page.locator(".certificate-card").get_by_role("button", name=labels["share"]).click()
    expect(page).to_have_url(re.compile(rf"/certificates/{certificate.code}/share/$"))
    expect(page.locator('meta[property="og:image"]')).to_have_attribute("content", re.compile(r"/share\.png$"))
    expect(page.locator("img.certificate-picture")).to_be_visible()
    assert Event.objects.filter(name="certificate_shared", user=student).count() == 2

    origin = re.match(r"https?://[^/]+", page.url).group(0)
    page.context.clear_cookies()  # anyone: the verification page
    page.context.add_cookies([{"name": "django_language", "value": language, "url": origin}])
    page.goto(f"/certificates/{certificate.code}/")
    expect(page.locator("[data-status=valid]")).to_contain_text(labels["valid"])
    expect(page.get_by_text("Lina Saleh")).to_be_visible()
