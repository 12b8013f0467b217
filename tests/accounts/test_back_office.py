import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

import analytics
from accounts.models import AuditEntry
from notifications.models import OutboxEmail
from tests.factories import UserFactory

# Each back-office screen, with a row it lists: made by the function, which returns the text that shows it.
ROWS = {
    "auditentry:index": lambda admin: (
        AuditEntry.objects.create(
            actor=admin, action="roles.granted", target_type="accounts.user", target_id="7"
        ).action
    ),
    "event:index": lambda admin: analytics.track("placement_started", user=admin, path="/en/placement/").path,
    "outboxemail:index": lambda admin: (
        OutboxEmail.objects.create(
            to="reader@example.test", subject="Your invoice", body="Hello", status="sent", from_email="x"
        ).subject
    ),
    "teacherprofile:index": lambda admin: UserFactory(teacher=True, display_name="Tariq Teacher").name,
    "partnerprofile:index": lambda admin: (
        UserFactory(partner=True, partner_profile__organisation="Amman Language Partners").partner_profile.organisation
    ),
}
SCREENS = list(ROWS)


@pytest.fixture
def editor(db):
    user = UserFactory(is_student=False)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.mark.parametrize("screen", SCREENS)
def test_admins_open_every_back_office_screen(client, admin_user, screen):
    shown = ROWS[screen](admin_user)
    client.force_login(admin_user)
    response = client.get(reverse(screen))
    assert response.status_code == 200
    assert shown in response.content.decode()


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
    inspected_email = client.get(reverse("outboxemail:inspect", args=[email.pk]))
    assert inspected_email.status_code == 200
    assert "a@example.test" in inspected_email.content.decode() and "Hello" in inspected_email.content.decode()
    inspected_event = client.get(reverse("event:inspect", args=[event.pk]))
    assert inspected_event.status_code == 200
    assert "enrolled" in inspected_event.content.decode()
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
    outbox = client.get(reverse("outboxemail:index"))
    assert outbox.status_code == 200
    assert "Email outbox" in outbox.content.decode()
