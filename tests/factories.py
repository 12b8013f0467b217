"""Factories for the models every app's tests need; each app keeps its own in tests/<app>/factories.py."""

import factory
from allauth.account.models import EmailAddress

from accounts.models import PartnerProfile, TeacherProfile, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    display_name = factory.Faker("name")
    time_zone = "Europe/London"
    is_student = True

    class Params:
        teacher = factory.Trait(
            is_teacher=True,
            is_student=False,
            teacher_profile=factory.RelatedFactory(
                "tests.factories.TeacherProfileFactory", factory_related_name="user"
            ),
        )
        partner = factory.Trait(
            is_partner=True,
            is_student=False,
            partner_profile=factory.RelatedFactory(
                "tests.factories.PartnerProfileFactory", factory_related_name="user"
            ),
        )
        admin = factory.Trait(is_admin=True, is_superuser=True, is_staff=True, is_student=False)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class TeacherProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeacherProfile

    user = factory.SubFactory(UserFactory, is_teacher=True, is_student=False)
    headline = "Language teacher"
    languages_taught = "Arabic, English"


class PartnerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerProfile

    user = factory.SubFactory(UserFactory, is_partner=True, is_student=False)
    organisation = factory.Faker("company")
