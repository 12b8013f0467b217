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
