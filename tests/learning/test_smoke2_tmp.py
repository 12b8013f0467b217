import pytest
from tests.learning.factories import CourseFactory, ModuleFactory, LessonFactory, QuizFactory, EnrollmentFactory
from learning.models import ChangeRequest, Course


@pytest.mark.django_db
def test_admin(client, admin_user, teacher, student):
    course = CourseFactory(teachers=[teacher])
    m = ModuleFactory(course=course)
    l1 = LessonFactory(module=m)
    client.force_login(teacher)
    r = client.post(f"/teach/modules/{m.pk}/lessons/new/", {"title": "New one", "estimated_minutes": 5, "is_required": "on"})
    assert r.status_code == 302, r.content
    r = client.post(f"/teach/courses/{course.pk}/submit/", {"note": "pls"})
    assert r.status_code == 302
    cr = ChangeRequest.objects.get()
    client.force_login(admin_user)
    for url in ["/admin/learning/reviews/", f"/admin/learning/reviews/{cr.pk}/", "/admin/snippets/learning/course/",
                f"/admin/learning/courses/{course.pk}/enrollments/", "/admin/learning/locks/",
                f"/admin/learning/courses/{course.pk}/clone/", "/admin/snippets/learning/review/", "/admin/",
                f"/admin/bulk/learning/course/archive_courses/?id={course.pk}",
                f"/admin/bulk/learning/course/course_visibility/?id={course.pk}"]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.content[:2000])
    r = client.post(f"/admin/learning/reviews/{cr.pk}/", {"decision": "approve", "comment": "ok"})
    assert r.status_code == 302, r.content.decode()[:3000]
    r = client.post(f"/admin/bulk/learning/course/course_visibility/?id={course.pk}", {"visibility": "unlisted"})
    assert r.status_code == 302, r.content.decode()[:3000]
    assert Course.objects.get(pk=course.pk).visibility == "unlisted"
    r = client.post(f"/admin/learning/courses/{course.pk}/clone/")
    assert r.status_code == 302
    r = client.post(f"/admin/learning/courses/{course.pk}/enrollments/", {"email": student.email})
    assert r.status_code == 302, r.content.decode()[:3000]
    r = client.post("/admin/learning/locks/", {"scope": "course", "course": course.pk, "reason": "Maintenance"})
    assert r.status_code == 302, r.content.decode()[:3000]
