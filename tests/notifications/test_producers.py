"""Every notice the apps send has a kind the centre knows (icon, label, category), in the recipient's language."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from learning.services import authoring, governance
from notifications.kinds import OTHER, kind_of
from notifications.models import Notification

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "commerce", "learning", "scheduling", "notifications", "analytics", "cms"]
# notify(user, "kind", …) and notify(user, f"booking_{event}", …)
CALL = re.compile(r"notify\(\s*[\w.\[\]]+,\s*(f?)\"([^\"]+)\"")


def _kinds_in_code():
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for is_f, kind in CALL.findall(path.read_text()):
                found.add(kind.split("{", 1)[0] + "x" if is_f else kind)
    return sorted(found)


def test_the_code_has_notify_calls_to_check():
    assert {"teacher_online", "learning.message", "commerce.refund_requested"} <= set(_kinds_in_code())


@pytest.mark.parametrize("kind", _kinds_in_code())
def test_every_kind_in_the_code_has_an_icon_a_label_and_a_category(kind):
    assert kind_of(kind) is not OTHER


@pytest.mark.django_db
def test_review_request_and_decision_reach_each_person_in_their_language(
    teacher, admin_user, django_capture_on_commit_callbacks
):
    from tests.learning.factories import CourseFactory

    teacher.preferred_language = "ar"
    teacher.save()
    admin_user.preferred_language = "ar"
    admin_user.save()
    course = CourseFactory(teachers=[teacher], title="Darija", status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        request = authoring.submit_for_review(course=course, teacher=teacher)
    waiting = Notification.objects.get(user=admin_user, kind="learning.review_requested")
    assert waiting.title == "تغييرات دورة للمراجعة: Darija"
    assert [message.to for message in mail.outbox] == [[admin_user.email]]  # the admin is emailed too
    governance.approve_changes(change_request=request, admin=admin_user)
    decided = Notification.objects.get(user=teacher, kind="learning.changes_approved")
    assert decided.title == "تغييراتك على «Darija» منشورة الآن"
    assert decided.url == reverse("learning:builder", kwargs={"pk": course.pk})
