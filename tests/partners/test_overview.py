"""The portal's overview counts the partner's own cohorts, members, tickets and requests, and nobody else's."""

import pytest
from django.urls import reverse

from partners.models import CohortMember, Ticket
from tests.factories import UserFactory

from .factories import BundleRequestFactory, CohortFactory, TicketFactory

pytestmark = pytest.mark.django_db


def test_the_overview_counts_only_the_partners_own_activity(client, partner, other_partner, courses, cohort):
    for student in UserFactory.create_batch(2):
        CohortMember.objects.create(cohort=cohort, student=student)
    CohortFactory(partner=partner, courses=courses)  # waiting for approval
    TicketFactory(partner=partner, status=Ticket.Status.WAITING)
    TicketFactory(partner=partner)
    BundleRequestFactory(partner=partner)
    theirs = CohortFactory(partner=other_partner, approved=True, courses=courses)
    CohortMember.objects.create(cohort=theirs, student=UserFactory())
    TicketFactory(partner=other_partner, status=Ticket.Status.WAITING)

    client.force_login(partner)
    page = client.get(reverse("partners:home")).content.decode()

    assert "2 students learning" in page
    assert "1 open cohort" in page and "1 waiting for approval" in page
    assert "1 waiting on you" in page and "1 open with the school" in page
    assert "1 bundle request open" in page
