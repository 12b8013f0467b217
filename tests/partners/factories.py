import factory

from partners.models import BundleRequest, Cohort, Ticket, TicketMessage
from partners.services.cohorts import new_token
from tests.factories import UserFactory


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    partner = factory.SubFactory(UserFactory, partner=True)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    seats_requested = 3

    class Params:
        approved = factory.Trait(status=Cohort.Status.APPROVED, seats=3, join_token=factory.LazyFunction(new_token))

    @factory.post_generation
    def courses(self, create, extracted, **kwargs):
        if create and extracted:
            self.courses.set(extracted)


class BundleRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BundleRequest
        skip_postgeneration_save = True

    partner = factory.SubFactory(UserFactory, partner=True)
    students = 25
    currency = "USD"
    message = "Twenty-five students from our school, starting in March."


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ticket
        skip_postgeneration_save = True

    partner = factory.SubFactory(UserFactory, partner=True)
    subject = "Invoice address"
    message = factory.RelatedFactory(
        "tests.partners.factories.TicketMessageFactory",
        factory_related_name="ticket",
        author=factory.SelfAttribute("..partner"),
    )


class TicketMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TicketMessage

    ticket = factory.SubFactory(TicketFactory)
    author = factory.SelfAttribute("ticket.partner")
    body = "Please put our VAT number on the invoices."
