"""Teachers edit their own availability through services that log each change."""

from datetime import time

import pytest

from accounts.models import AuditEntry
from scheduling.models import WeeklyWindow
from scheduling.services import hours


@pytest.mark.django_db
def test_adding_the_same_weekly_hours_twice_keeps_one_window_per_day(teacher):
    for _ in range(2):
        hours.add_weekly_hours(teacher=teacher, days=[0, 2], start_time=time(9), end_time=time(12))
    assert WeeklyWindow.objects.filter(schedule__teacher=teacher).count() == 2
    assert AuditEntry.objects.filter(actor=teacher, action="scheduling.hours_added").count() == 2


@pytest.mark.django_db
def test_a_teacher_cannot_remove_another_teachers_hours(teacher, other_teacher):
    window = hours.add_weekly_hours(teacher=teacher, days=[1], start_time=time(9), end_time=time(10))[0]
    with pytest.raises(WeeklyWindow.DoesNotExist):
        hours.remove_weekly_hours(teacher=other_teacher, window_id=window.pk)
    assert WeeklyWindow.objects.filter(pk=window.pk).exists()
    hours.remove_weekly_hours(teacher=teacher, window_id=window.pk)
    assert not WeeklyWindow.objects.filter(pk=window.pk).exists()
