"""Each teacher permission an admin sets is what the teacher portal allows."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts.models import AuditEntry
from learning.models import Course
from tests.factories import UserFactory


@pytest.mark.parametrize("allowed", [True, False])
def test_creating_courses_follows_the_permission(client, db, allowed):
    teacher = UserFactory(teacher=True, teacher_profile__can_create_courses=allowed)
    client.force_login(teacher)
    home = client.get(reverse("learning:teacher-home")).content.decode()
    assert (reverse("learning:course-create") in home) is allowed
    assert client.get(reverse("learning:course-create")).status_code == (200 if allowed else 403)
    if not allowed:
        assert client.post(reverse("learning:course-create"), {"title": "Arabic for travellers"}).status_code == 403
        assert not Course.objects.exists()


def test_changing_permissions_on_the_teacher_screen_is_audited(client, admin_user, teacher):
    client.force_login(admin_user)
    profile = teacher.teacher_profile
    response = client.post(
        reverse("teacherprofile:edit", args=[profile.pk]),
        nested_form_data(
            {
                "user": teacher.pk,
                "headline": profile.headline,
                "bio": "",
                "languages_taught": profile.languages_taught,
                "can_create_courses": "on",
                "can_issue_certificates": "on",
                "certifications": inline_formset([]),
            }
        ),
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="teachers.permissions_set")
    assert entry.actor == admin_user and entry.subject == teacher
    assert entry.details == {"can_issue_certificates": True}
