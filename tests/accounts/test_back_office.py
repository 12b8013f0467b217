import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

import analytics
from notifications.models import OutboxEmail
from tests.factories import UserFactory

SCREENS = ["auditentry:index", "event:index", "outboxemail:index", "teacherprofile:index", "partnerprofile:index"]


@pytest.fixture
def editor(db):
    user = UserFactory(is_student=False)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.mark.parametrize("screen", SCREENS)
def test_admins_open_every_back_office_screen(client, admin_user, screen):
    client.force_login(admin_user)
    assert client.get(reverse(screen)).status_code == 200


@pytest.mark.parametrize("screen", SCREENS)
def test_editors_do_not_see_people_money_or_logs(client, editor, screen):
    client.force_login(editor)
    response = client.get(reverse(screen))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_the_outbox_and_event_log_are_read_only(client, admin_user):
    email = OutboxEmail.objects.create(to="a@example.test", subject="Hi", body="Hello", status="sent", from_email="x")
    event = analytics.track("enrolled", user=admin_user)
    client.force_login(admin_user)
    assert client.get(reverse("outboxemail:inspect", args=[email.pk])).status_code == 200
    assert client.get(reverse("event:inspect", args=[event.pk])).status_code == 200
    assert client.get(reverse("outboxemail:edit", args=[email.pk])).status_code == 302
    assert client.post(reverse("outboxemail:delete", args=[email.pk])).status_code == 302
    assert OutboxEmail.objects.filter(pk=email.pk).exists()


def test_admins_grant_roles_in_the_user_editor(client, admin_user, student):
    client.force_login(admin_user)
    page = client.get(reverse("wagtailusers_users:edit", args=[student.pk])).content.decode()
    for field in ("is_student", "is_teacher", "is_partner", "is_admin", "time_zone"):
        assert f'name="{field}"' in page


def test_granting_the_admin_role_opens_the_whole_back_office(client, admin_user, student):
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtailusers_users:edit", args=[student.pk]),
        {
            "email": student.email,
            "first_name": "Sam",
            "last_name": "Student",
            "display_name": student.display_name,
            "time_zone": "Asia/Amman",
            "preferred_language": "en",
            "is_active": "on",
            "is_student": "on",
            "is_admin": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    student.refresh_from_db()
    assert student.is_admin and student.is_superuser
    client.force_login(student)
    assert client.get(reverse("outboxemail:index")).status_code == 200
