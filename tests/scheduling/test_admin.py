import pytest
from django.urls import reverse

from scheduling.models import CancellationRule
from tests.scheduling.factories import make_schedule

pytestmark = pytest.mark.django_db


def test_admin_sees_and_edits_any_teachers_calendar(client, admin_user, teacher):
    schedule = make_schedule(teacher, days=[0])
    client.force_login(admin_user)
    listing = client.get(reverse("scheduling_teacher_calendars:index"))
    assert listing.status_code == 200 and teacher.display_name in listing.content.decode()
    edit = client.get(reverse("scheduling_teacher_calendars:edit", args=[schedule.pk]))
    assert edit.status_code == 200 and "Weekly hours" in edit.content.decode()


def test_admin_lists_cancellation_rules_and_read_only_ledgers(client, admin_user):
    client.force_login(admin_user)
    assert CancellationRule.objects.count() == 6  # the defaults from the migration
    for name in ("cancellation_rules", "live_sessions", "bookings", "credit_ledger", "blocked_times"):
        assert client.get(reverse(f"scheduling_{name}:index")).status_code == 200


@pytest.mark.parametrize("role", ["student", "teacher"])
def test_back_office_is_not_for_students_or_teachers(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("scheduling_cancellation_rules:index"))
    assert response.status_code in {302, 403}
