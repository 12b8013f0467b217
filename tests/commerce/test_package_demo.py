"""The demo sells two session packages and a trial lesson, seeded once however often seed_demo runs."""

import os

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import demo_user
from commerce.models import SessionPackage, SessionPackagePrice, TrialPrice
from scheduling.services import credits


def seed_quietly():
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)


@pytest.mark.django_db
def test_seed_demo_offers_packages_and_a_trial_to_the_student_without_credits(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        seed_quietly()
        seed_quietly()
    assert SessionPackage.objects.filter(is_active=True).count() == 2
    assert SessionPackagePrice.objects.count() == 2
    assert TrialPrice.objects.filter(currency="USD").count() == 1

    sara, rania = demo_user("student.sara"), demo_user("teacher.amman")
    assert credits.balance(student=sara) == 0
    client.force_login(sara)
    page = client.get(reverse("scheduling:student-sessions")).content.decode()
    for package in SessionPackage.objects.all():
        assert reverse("commerce:package-checkout", args=[package.slug]) in page
    page = client.get(reverse("scheduling:book-teacher", args=[rania.pk])).content.decode()
    assert reverse("commerce:trial-checkout", args=[rania.pk]) in page


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_package_page_is_findable_and_described_in_the_visitors_language(client, language, db):
    from tests.commerce.factories import SessionPackagePriceFactory

    package = SessionPackagePriceFactory(
        package__title="Five sessions", package__description="Private lessons at the times that suit you."
    ).package
    package.save_translation("ar", title="خمس جلسات", description="دروس خاصة في الأوقات التي تناسبك.")
    client.cookies["django_language"] = language

    page = client.get(reverse("commerce:package-checkout", args=[package.slug])).content.decode()

    description = {"en": package.description, "ar": "دروس خاصة في الأوقات التي تناسبك."}[language]
    assert f'<meta name="description" content="{description}">' in page
    assert "noindex" not in page
    assert {"en": "Five sessions", "ar": "خمس جلسات"}[language] in page
