"""An admin approves a teacher application with chosen permissions; the new teacher sets a password, logs in and
can do exactly what the permissions allow; the admin ends the teacher's sessions from the support page and the
teacher's next request asks them to log in. And the public "Teach with us" form, in Arabic."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.accounts.factories import TeacherApplicationFactory
from tests.e2e.conftest import login
from tests.factories import PASSWORD, UserFactory


def admin_login(page, email):
    page.goto("/admin/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_approves_a_teacher_who_can_do_what_the_permissions_allow(page, browser, live_server):
    from accounts.models import User
    from notifications.models import OutboxEmail
    from tests.learning.factories import CourseFactory, EnrollmentFactory

    admin = UserFactory(email="ada@example.test", admin=True)
    TeacherApplicationFactory(name="Huda Haddad", email="huda@example.test")

    # The admin finds the application, sets permissions and approves it.
    admin_login(page, admin.email)
    page.goto(reverse("teacherapplication:index") + "?status=pending")
    page.get_by_role("link", name="Huda Haddad").first.click()
    expect(page.get_by_role("heading", name="Approve")).to_be_visible()
    page.get_by_label("can create courses").check()
    expect(page.get_by_label("can publish lessons")).not_to_be_checked()
    expect(page.get_by_label("can issue certificates")).not_to_be_checked()
    page.get_by_role("button", name="Approve the application").click()
    expect(page.get_by_text("is now a teacher")).to_be_visible()

    teacher = User.objects.get(email="huda@example.test")
    course = CourseFactory(title="Levantine Arabic", teachers=[teacher])
    EnrollmentFactory(course=course, student=UserFactory(display_name="Sami Student"))
    link = re.search(
        r"http://[^\s]+/accounts/password/reset/key/[^\s]+", OutboxEmail.objects.get(to=teacher.email).body
    )
    path = re.sub(r"^http://[^/]+", "", link.group(0))

    # The teacher sets a password from the email, logs in, and can create a course but not issue certificates.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    teacher_page = context.new_page()
    teacher_page.goto(path)
    expect(teacher_page).to_have_url(re.compile(r"-set-password/$"))
    teacher_page.locator("input[name=password1]").fill("a-new-long-passphrase-1")
    teacher_page.locator("input[name=password2]").fill("a-new-long-passphrase-1")
    teacher_page.get_by_role("button", name="Change Password").click()
    expect(teacher_page).to_have_url(re.compile(r"/password/reset/key/done/$"))
    login(teacher_page, teacher.email, "a-new-long-passphrase-1")
    teacher_page.goto("/teach/")
    expect(teacher_page.get_by_role("link", name="New course")).to_be_visible()
    teacher_page.goto(f"/teach/courses/{course.pk}/students/")
    expect(teacher_page.get_by_text("Sami Student")).to_be_visible()
    expect(teacher_page.get_by_role("button", name=re.compile("Issue certificate"))).to_have_count(0)

    # The admin opens the teacher's support page and ends their sessions; the teacher's next request logs them out.
    page.goto(reverse("wagtailusers_users:inspect", args=[teacher.pk]))
    expect(page.locator("[data-session]")).to_have_count(1)
    page.get_by_role("button", name="End all sessions").click()
    expect(page.get_by_text("Sessions ended: 1.")).to_be_visible()
    expect(page.locator("[data-activity]")).to_contain_text("account.sessions_ended")
    teacher_page.goto("/teach/")
    expect(teacher_page).to_have_url(re.compile(r"/accounts/login/"))
    context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_teach_with_us_form_in_arabic(page, live_server, tmp_path):
    from accounts.models import TeacherApplication

    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    page.goto("/teach-with-us/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="علّم معنا")).to_be_visible()
    page.get_by_label("الاسم").fill("هدى حداد")
    page.get_by_label("البريد الإلكتروني").fill("huda@example.test")
    page.get_by_label("اللغات التي تدرّسها").fill("العربية")
    page.get_by_label("خبرتك في التدريس").fill("ثماني سنوات")
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(b"%PDF-1.4 cv")
    page.get_by_label("السيرة الذاتية أو الشهادة").set_input_files(str(cv))
    page.get_by_role("button", name="أرسل طلبي").click()
    expect(page.get_by_role("status")).to_contain_text("وصلنا طلبك")
    assert TeacherApplication.objects.get().language == "ar"
