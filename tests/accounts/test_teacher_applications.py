"""The public "Teach with us" form, and the admins' review: approve with permissions (an account, a profile and a
set-password email) or reject with a reason (an email with it), once, audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import applications
from accounts.models import AuditEntry, TeacherApplication, User
from notifications.models import OutboxEmail
from tests.accounts.factories import TeacherApplicationFactory
from tests.factories import UserFactory

FORM = {
    "name": "Huda Haddad",
    "email": "huda@example.test",
    "languages": "Arabic, French",
    "experience": "Eight years teaching adults.",
    "message": "I teach in the evenings.",
}


def cv(name="cv.pdf", size=100):
    return SimpleUploadedFile(name, b"%PDF" + b"0" * size, content_type="application/pdf")


@pytest.fixture
def someone(request, student, teacher, partner):
    return {"anonymous": None, "student": student, "teacher": teacher, "partner": partner}[request.param]


def test_anyone_applies_from_the_form_linked_in_the_footer(client, db):
    page = client.get(reverse("accounts:teach-with-us"))
    assert page.status_code == 200
    assert f'href="{reverse("accounts:teach-with-us")}"' in page.content.decode()  # the footer link
    response = client.post(reverse("accounts:teach-with-us"), {**FORM, "document": cv()})
    assert response.status_code == 200 and "application has been received" in response.content.decode()
    application = TeacherApplication.objects.get()
    assert application.status == TeacherApplication.Status.PENDING and application.document.name.endswith(".pdf")
    assert AuditEntry.objects.filter(action="teachers.applied").count() == 1


@pytest.mark.parametrize(
    "change, error",
    [
        ({"document": "script.html"}, "cannot be uploaded here"),
        ({"document": "big.pdf"}, "too big"),
        ({"email": "not an email"}, "valid email"),
        ({"name": ""}, "required"),
    ],
)
def test_bad_applications_are_refused_and_nothing_is_kept(client, db, change, error):
    data = {**FORM, **change}
    name = data.pop("document", "cv.pdf")
    data["document"] = cv(name, size=11 * 1024 * 1024 if name == "big.pdf" else 100)
    response = client.post(reverse("accounts:teach-with-us"), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not TeacherApplication.objects.exists()


def test_the_form_reads_right_to_left_in_arabic(client, db):
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("accounts:teach-with-us")).content.decode()
    assert 'dir="rtl"' in html and "علّم معنا" in html


@pytest.mark.parametrize("someone", ["anonymous", "student", "teacher", "partner"], indirect=True)
def test_only_admins_review_applications(client, someone):
    application = TeacherApplicationFactory()
    if someone is not None:
        client.force_login(someone)
    for url in (
        reverse("teacherapplication:index"),
        reverse("teacherapplication:inspect", args=[application.pk]),
        reverse("teacherapplication:document", args=[application.pk]),
    ):
        assert client.get(url).status_code in (302, 403)
    client.post(
        reverse("teacherapplication:inspect", args=[application.pk]),
        {"decision": "reject", "reject-reason": "No"},
    )
    application.refresh_from_db()
    assert application.status == TeacherApplication.Status.PENDING


def test_admins_list_filter_and_read_applications(client, admin_user, django_assert_max_num_queries):
    TeacherApplicationFactory.create_batch(20)
    waiting = TeacherApplicationFactory(name="Waiting Wafa")
    TeacherApplicationFactory(name="Rejected Rami", status=TeacherApplication.Status.REJECTED)
    client.force_login(admin_user)
    with django_assert_max_num_queries(30):
        listing = client.get(reverse("teacherapplication:index") + "?status=pending").content.decode()
    assert "Waiting Wafa" in listing and "Rejected Rami" not in listing
    page = client.get(reverse("teacherapplication:inspect", args=[waiting.pk])).content.decode()
    assert "Eight years teaching" in page and "Approve the application" in page
    document = client.get(reverse("teacherapplication:document", args=[waiting.pk]))
    assert document.status_code == 200 and document["Content-Disposition"].startswith("attachment")


@pytest.fixture
def decide(client, django_capture_on_commit_callbacks):
    """POSTs a decision; its email goes once the decision is committed."""

    def post(application, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("teacherapplication:inspect", args=[application.pk]), data)

    return post


def test_approving_makes_a_teacher_with_the_chosen_permissions(client, admin_user, decide):
    application = TeacherApplicationFactory(email="huda@example.test", language="ar")
    client.force_login(admin_user)
    response = decide(
        application,
        {"decision": "approve", "approve-can_create_courses": "on", "approve-can_publish_lessons": "on"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="huda@example.test")
    assert user.is_teacher and user.preferred_language == "ar"
    profile = user.teacher_profile
    assert (profile.can_create_courses, profile.can_publish_lessons, profile.can_issue_certificates) == (
        True,
        True,
        False,
    )
    application.refresh_from_db()
    assert application.status == "approved" and application.decided_by == admin_user and application.user == user
    email = OutboxEmail.objects.get(to="huda@example.test")
    assert email.key == "accounts.teacher_approved" and "/accounts/password/reset/key/" in email.body
    assert AuditEntry.objects.get(action="teachers.application_approved").actor == admin_user
    assert AuditEntry.objects.get(action="teachers.permissions_set").subject == user


def test_approving_an_existing_student_keeps_their_account(client, admin_user, student, decide):
    application = TeacherApplicationFactory(email=student.email)
    client.force_login(admin_user)
    decide(application, {"decision": "approve"})
    student.refresh_from_db()
    assert student.is_teacher and student.is_student and User.objects.filter(email=student.email).count() == 1
    assert "/teach/" in OutboxEmail.objects.get(to=student.email).body


def test_rejecting_needs_a_reason_and_sends_it(client, admin_user, decide):
    application = TeacherApplicationFactory(email="rami@example.test")
    client.force_login(admin_user)
    assert decide(application, {"decision": "reject", "reject-reason": ""}).status_code == 400
    application.refresh_from_db()
    assert application.status == "pending" and not OutboxEmail.objects.exists()

    decide(application, {"decision": "reject", "reject-reason": "We have enough French teachers."})
    application.refresh_from_db()
    assert application.status == "rejected" and application.rejection_reason == "We have enough French teachers."
    email = OutboxEmail.objects.get(to="rami@example.test")
    assert email.key == "accounts.teacher_rejected" and "We have enough French teachers." in email.body
    assert not User.objects.filter(email="rami@example.test").exists()


def test_a_decided_application_cannot_be_decided_again(admin_user, django_capture_on_commit_callbacks):
    application = TeacherApplicationFactory()
    stale = TeacherApplication.objects.get(pk=application.pk)  # a second admin's page, opened before the decision
    with django_capture_on_commit_callbacks(execute=True):
        applications.reject(application=application, by=admin_user, reason="Not now")
        with pytest.raises(applications.AlreadyDecided):
            applications.approve(application=stale, by=UserFactory(admin=True), permissions={})
    application.refresh_from_db()
    assert application.status == "rejected" and application.user is None
    assert not User.objects.filter(email=application.email).exists()
    assert OutboxEmail.objects.count() == 1


def test_a_second_decision_through_the_admin_is_refused(client, admin_user):
    application = TeacherApplicationFactory()
    client.force_login(admin_user)
    url = reverse("teacherapplication:inspect", args=[application.pk])
    client.post(url, {"decision": "reject", "reject-reason": "Not now"})
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 400 and "already been decided" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "rejected"
