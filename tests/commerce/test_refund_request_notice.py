import pytest
from django.core import mail

from commerce.services import refunds
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_admins_are_told_of_a_refund_request_in_the_centre_and_by_email(
    paid_order, student, admin_user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = refunds.request_refund(payment=paid_order.payment, student=student, reason="not for me")
    notice = Notification.objects.get(user=admin_user, kind="commerce.refund_requested")
    assert notice.in_app and str(request.pk) in notice.url
    emailed = [message for message in mail.outbox if message.to == [admin_user.email]]
    assert len(emailed) == 1 and paid_order.reference in emailed[0].subject
