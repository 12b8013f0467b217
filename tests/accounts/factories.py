import factory
from django.core.files.base import ContentFile

from accounts.models import TeacherApplication


class TeacherApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeacherApplication

    name = "Huda Haddad"
    email = factory.Sequence(lambda n: f"applicant{n}@example.test")
    languages = "Arabic, French"
    experience = "Eight years teaching adults in Amman."
    document = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 cv", name="cv.pdf"))
