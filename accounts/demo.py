"""Demo people for `seed_demo`: one of each role, with logins printed for the person running it."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from .models import PartnerProfile, TeacherProfile, User

DEMO_PASSWORD = "fluentory-demo-2026"

PEOPLE = [
    {
        "email": "admin@fluentory.test",
        "display_name": "Amal Admin",
        "time_zone": "Asia/Amman",
        "roles": {"is_admin": True, "is_student": False},
        "superuser": True,
    },
    {
        "email": "editor@fluentory.test",
        "display_name": "Eddie Editor",
        "time_zone": "Europe/London",
        "roles": {"is_student": False},
        "groups": ["Editors", "Moderators"],
    },
    {
        "email": "teacher.amman@fluentory.test",
        "display_name": "Rania Haddad",
        "time_zone": "Asia/Amman",
        "roles": {"is_teacher": True, "is_student": False},
        "teacher": {
            "headline": "Arabic teacher, Levantine and MSA",
            "languages_taught": "Arabic",
            "bio": "Twelve years teaching Arabic to adults in Amman and online.",
            "can_publish_lessons": True,
            "can_issue_certificates": True,
        },
    },
    {
        "email": "teacher.london@fluentory.test",
        "display_name": "James Whitfield",
        "time_zone": "Europe/London",
        "roles": {"is_teacher": True, "is_student": False},
        "teacher": {
            "headline": "English teacher, exam preparation",
            "languages_taught": "English",
            "bio": "CELTA-qualified, preparing students for IELTS since 2014.",
        },
    },
    {"email": "student.lina@fluentory.test", "display_name": "Lina Saleh", "time_zone": "Europe/London"},
    {
        "email": "student.omar@fluentory.test",
        "display_name": "Omar Qasem",
        "time_zone": "Asia/Riyadh",
        "preferred_language": "ar",
        "preferred_currency": "SAR",
    },
    {
        "email": "student.sara@fluentory.test",
        "display_name": "Sara Novak",
        "time_zone": "Europe/Berlin",
        "preferred_currency": "EUR",
    },
    {
        "email": "partner@fluentory.test",
        "display_name": "Noor Partners",
        "time_zone": "Asia/Dubai",
        "roles": {"is_partner": True, "is_student": False},
        "partner": {
            "organisation": "Noor Language Centre",
            "contact_name": "Noor Khalil",
            "contact_email": "noor@noor-centre.test",
        },
    },
]


def seed() -> None:
    """Create or refresh the demo people."""
    for person in PEOPLE:
        user, _ = User.objects.update_or_create(
            email=person["email"],
            defaults={
                "display_name": person["display_name"],
                "time_zone": person["time_zone"],
                "preferred_language": person.get("preferred_language", "en"),
                "preferred_currency": person.get("preferred_currency", ""),
                "is_superuser": person.get("superuser", False),
                "is_staff": person.get("superuser", False),
                **{"is_student": True, "is_teacher": False, "is_partner": False, "is_admin": False},
                **person.get("roles", {}),
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        for group_name in person.get("groups", []):
            user.groups.add(Group.objects.get(name=group_name))
        if "teacher" in person:
            TeacherProfile.objects.update_or_create(user=user, defaults=person["teacher"])
        if "partner" in person:
            PartnerProfile.objects.update_or_create(user=user, defaults=person["partner"])


def logins() -> list[tuple[str, str, str]]:
    """(roles, email, password) of every demo person, to print for whoever runs `seed_demo`."""
    users = {user.email: user for user in User.objects.filter(email__in=[p["email"] for p in PEOPLE])}
    return [
        (", ".join(str(role.label) for role in users[p["email"]].roles) or "Editor", p["email"], DEMO_PASSWORD)
        for p in PEOPLE
    ]


def demo_user(email_prefix: str) -> User:
    return User.objects.get(email=f"{email_prefix}@fluentory.test")
