"""Who may open what around certificates: the role matrix over the student's pages, the teacher's issue button,
the public pages and the admin's revocation."""

import pytest

from learning.models import Certificate, Enrollment
from learning.services import certificates
from tests.learning.factories import CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "student", "other_student", "teacher", "other_teacher", "partner", "admin_user"]


def login(client, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))


def outcome(response):
    if response.status_code == 302 and "login" in response.url:
        return "login"
    return response.status_code


@pytest.fixture
def certificate(student, teacher, other_teacher):
    course = CourseFactory(title="Arabic greetings", teachers=[teacher])
    CourseFactory(teachers=[other_teacher])
    enrollment = EnrollmentFactory(student=student, course=course, status=Enrollment.Status.COMPLETED)
    return certificates.issue_certificate(enrollment=enrollment)


LIST = {"anonymous": "login", "student": 200, "other_student": 200, "teacher": 403, "other_teacher": 403}
LIST |= {"partner": 403, "admin_user": 403}
PDF = LIST | {"other_student": 403, "admin_user": 200}
SHARE = LIST | {"student": 302, "other_student": 403}


@pytest.mark.parametrize("who", PEOPLE)
def test_certificates_page(client, request, certificate, who):
    login(client, request, who)
    response = client.get("/learn/certificates/")
    assert outcome(response) == LIST[who]
    if response.status_code == 200:
        assert (b"Arabic greetings" in response.content) == (who == "student")  # each sees only their own


@pytest.mark.parametrize("who", PEOPLE)
def test_pdf_download(client, request, certificate, who):
    login(client, request, who)
    response = client.get(f"/learn/certificates/{certificate.code}.pdf")
    assert outcome(response) == PDF[who]
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("who", PEOPLE)
def test_share_links(client, request, certificate, who):
    from analytics.models import Event

    login(client, request, who)
    response = client.post(f"/learn/certificates/{certificate.code}/share/linkedin/")
    assert outcome(response) == SHARE[who]
    if who == "student":
        assert response.url.startswith("https://www.linkedin.com/profile/add?")
    assert Event.objects.filter(name="certificate_shared").exists() == (who == "student")


def test_sharing_by_an_unknown_channel_is_404_and_records_nothing(client, student, certificate):
    from analytics.models import Event

    client.force_login(student)
    assert client.post(f"/learn/certificates/{certificate.code}/share/fax/", follow=True).status_code == 404
    assert not Event.objects.filter(name="certificate_shared").exists()


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("path", ["/certificates/{code}/", "/certificates/{code}.json", "/certificates/{code}/share/"])
def test_public_pages_are_open_to_everyone(client, request, certificate, who, path):
    login(client, request, who)
    assert client.get(path.format(code=certificate.code)).status_code == 200


ISSUE = {"anonymous": "login", "student": 403, "other_student": 403, "teacher": 302, "other_teacher": 403}
ISSUE |= {"partner": 403, "admin_user": 403}


@pytest.mark.parametrize("who", PEOPLE)
def test_teacher_issues_a_certificate_from_the_progress_page(client, request, student, teacher, who):
    from analytics.models import Event

    teacher.teacher_profile.can_issue_certificates = True
    teacher.teacher_profile.save()
    course = CourseFactory(teachers=[teacher])
    enrollment = EnrollmentFactory(student=student, course=course)  # active: the teacher vouches for it
    login(client, request, who)
    response = client.post(f"/teach/courses/{course.pk}/students/{student.pk}/certificate/")
    assert outcome(response) == ISSUE[who]
    issued = Certificate.objects.filter(enrollment=enrollment).first()
    assert (issued is not None) == (who == "teacher")
    if issued:
        assert issued.issued_by == teacher
        assert Event.objects.filter(name="certificate_issued").count() == 1


def test_a_teacher_without_the_permission_is_refused_and_nothing_is_issued(client, student, teacher):
    course = CourseFactory(teachers=[teacher])
    enrollment = EnrollmentFactory(student=student, course=course)
    client.force_login(teacher)
    page = client.get(f"/teach/courses/{course.pk}/students/")
    assert b"Issue certificate" not in page.content
    response = client.post(f"/teach/courses/{course.pk}/students/{student.pk}/certificate/")
    assert response.status_code == 403
    assert not Certificate.objects.filter(enrollment=enrollment).exists()


def test_a_teacher_cannot_issue_for_a_refunded_enrollment(client, student, teacher):
    teacher.teacher_profile.can_issue_certificates = True
    teacher.teacher_profile.save()
    course = CourseFactory(teachers=[teacher])
    enrollment = EnrollmentFactory(student=student, course=course, status=Enrollment.Status.REFUNDED)
    client.force_login(teacher)
    response = client.post(f"/teach/courses/{course.pk}/students/{student.pk}/certificate/", follow=True)
    assert b"This enrollment has ended" in response.content
    assert not Certificate.objects.filter(enrollment=enrollment).exists()


def test_the_progress_page_shows_the_issue_button_and_the_issued_certificate_in_a_fixed_number_of_queries(
    client, student, other_student, teacher
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory

    teacher.teacher_profile.can_issue_certificates = True
    teacher.teacher_profile.save()
    course = CourseFactory(teachers=[teacher])
    done = EnrollmentFactory(student=student, course=course, status=Enrollment.Status.COMPLETED)
    EnrollmentFactory(student=other_student, course=course)
    certificate = certificates.issue_certificate(enrollment=done)
    client.force_login(teacher)
    url = f"/teach/courses/{course.pk}/students/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert f"/certificates/{certificate.code}/" in page
    assert f"/teach/courses/{course.pk}/students/{other_student.pk}/certificate/" in page
    for _ in range(5):
        more = EnrollmentFactory(student=UserFactory(), course=course, status=Enrollment.Status.COMPLETED)
        certificates.issue_certificate(enrollment=more)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) <= len(few.captured_queries)


REVOKE = {"anonymous": "login", "student": "login", "other_student": "login", "teacher": "login"}
REVOKE |= {"other_teacher": "login", "partner": "login", "admin_user": 200}


@pytest.mark.parametrize("who", PEOPLE)
def test_only_admins_open_the_revocation_form(client, request, certificate, who):
    login(client, request, who)
    response = client.get(f"/admin/learning/certificates/{certificate.pk}/revoke/")
    assert outcome(response) in ({REVOKE[who]} if who == "admin_user" else {"login", 403})


def test_an_admin_revokes_with_a_reason(client, admin_user, certificate):
    from analytics.models import Event

    client.force_login(admin_user)
    url = f"/admin/learning/certificates/{certificate.pk}/revoke/"
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert client.post(url, {"reason": "Completed by someone else"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Completed by someone else"
    assert certificate.revoked_by == admin_user
    assert Event.objects.filter(name="certificate_revoked").count() == 1


def test_admins_list_certificates_but_cannot_add_edit_or_delete_them(client, admin_user, certificate):
    client.force_login(admin_user)
    assert client.get("/admin/snippets/learning/certificate/").status_code == 200
    assert client.get(f"/admin/snippets/learning/certificate/inspect/{certificate.pk}/").status_code == 200
    for path in ("add/", f"edit/{certificate.pk}/", f"delete/{certificate.pk}/"):
        response = client.get(f"/admin/snippets/learning/certificate/{path}")
        assert response.status_code in (302, 403), path
    assert Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).exists()


def test_an_editor_saving_a_template_with_an_unknown_placeholder_gets_the_error_and_nothing_is_saved(
    client, admin_user
):
    from wagtail.models import Locale

    from learning.models import CertificateTemplate

    client.force_login(admin_user)
    response = client.post(
        "/admin/snippets/learning/certificatetemplate/add/",
        {
            "name": "Broken",
            "locale": Locale.get_default().pk,
            "layout": "classic",
            "font": "serif",
            "primary_colour": "#0b5e7a",
            "accent_colour": "#c8a24a",
            "title": "Certificate",
            "wording": "{{ student }} scored {{ score }}",
            "signatures-count": "0",
        },
    )
    assert response.status_code == 200
    assert "Unknown placeholder {{ score }}" in response.content.decode()
    assert not CertificateTemplate.objects.exists()
