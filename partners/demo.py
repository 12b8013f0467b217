"""The demo partner's side for `seed_demo`: an approved cohort with two members learning, and an open ticket."""

from accounts.demo import demo_user
from learning.models import Course

from .models import Cohort, Ticket
from .services import cohorts, tickets


def seed() -> None:
    partner, admin = demo_user("partner"), demo_user("admin")
    cohort = Cohort.objects.filter(partner=partner, name="Noor spring group").first()
    if cohort is None:
        cohort = cohorts.request_cohort(
            partner=partner,
            name="Noor spring group",
            courses=Course.objects.filter(slug__in=["arabic-first-steps", "levantine-conversation"]),
            seats_requested=12,
            language="en",
        )
        cohort = cohorts.approve_cohort(cohort=cohort, admin=admin, seats=10)
    if cohort.is_open:
        for student in (demo_user("student.lina"), demo_user("student.sara")):
            cohorts.join(token=cohort.join_token, student=student)
    if not Ticket.objects.filter(partner=partner).exists():
        tickets.open_ticket(
            partner=partner,
            subject="Invoices for the spring group",
            body="Could our invoices show the Noor Language Centre's VAT number, please?",
        )
