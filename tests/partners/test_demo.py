import os

import pytest
from django.core.management import call_command

from learning.models import Enrollment
from partners.models import Cohort, CohortMember, Ticket


def seed_quietly():
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)


@pytest.mark.django_db
def test_the_demo_partner_has_an_approved_cohort_with_members_and_an_open_ticket(django_capture_on_commit_callbacks):
    seed_quietly()
    with django_capture_on_commit_callbacks(execute=False):
        seed_quietly()
    cohort = Cohort.objects.get(partner__email="partner@fluentory.test")
    assert cohort.status == Cohort.Status.APPROVED and cohort.seats == 10 and cohort.join_token
    assert sorted(CohortMember.objects.values_list("student__email", flat=True)) == [
        "student.lina@fluentory.test",
        "student.sara@fluentory.test",
    ]
    assert Enrollment.objects.filter(student__email="student.sara@fluentory.test", source="cohort").exists()
    assert Ticket.objects.get().status == Ticket.Status.OPEN
