import pytest

from tests.learning.factories import LessonFactory, ModuleFactory

pytestmark = pytest.mark.django_db


def test_a_streamfield_form_posted_without_its_block_count_gets_a_400_with_a_reason(client, admin_user):
    lesson = LessonFactory()
    client.force_login(admin_user)
    response = client.post(f"/admin/snippets/learning/lesson/edit/{lesson.pk}/", {"title": "Renamed"})
    assert response.status_code == 400
    assert "The form that was sent is incomplete" in response.content.decode()
    lesson.refresh_from_db()
    assert lesson.title != "Renamed"


def test_a_chosen_id_that_is_not_a_number_is_refused_with_the_form_shown_again(client, admin_user):
    module = ModuleFactory()
    client.force_login(admin_user)
    response = client.post(
        f"/admin/snippets/learning/module/edit/{module.pk}/", {"course": "2026-02-30T25:00", "title": "Renamed"}
    )
    assert response.status_code == 200  # Wagtail shows an invalid form again with 200
    assert "Select a valid choice" in response.content.decode()
    module.refresh_from_db()
    assert module.title != "Renamed"
