"""The partner portal's overview: a few counts from each area, each in one aggregate query."""

from django.db.models import Count, Q

from .models import BundleRequest, Cohort, Ticket


def activity_of(partner) -> dict[str, int]:
    """Open cohorts and their members, tickets waiting on the partner or the school, and unanswered requests."""
    cohorts = Cohort.objects.filter(partner=partner).aggregate(
        open=Count("pk", filter=Q(status=Cohort.Status.APPROVED), distinct=True),
        pending=Count("pk", filter=Q(status=Cohort.Status.PENDING), distinct=True),
        members=Count("members", filter=Q(status=Cohort.Status.APPROVED)),
    )
    tickets = Ticket.objects.filter(partner=partner).aggregate(
        open=Count("pk", filter=Q(status=Ticket.Status.OPEN)),
        waiting=Count("pk", filter=Q(status=Ticket.Status.WAITING)),
    )
    requests = BundleRequest.objects.filter(partner=partner, status=BundleRequest.Status.OPEN).count()
    return {
        "open_cohorts": cohorts["open"],
        "pending_cohorts": cohorts["pending"],
        "members": cohorts["members"],
        "open_tickets": tickets["open"],
        "waiting_tickets": tickets["waiting"],
        "open_requests": requests,
    }
