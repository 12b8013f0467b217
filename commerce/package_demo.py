"""Demo session packages and trial lesson prices for `seed_demo`: one package with a teacher, one for a language."""

from decimal import Decimal

from django.conf import settings

from accounts.demo import demo_user

from .packages import SessionPackage, SessionPackagePrice, TrialPrice

PACKAGES = [
    {
        "slug": "five-sessions-with-rania",
        "teacher": "teacher.amman",
        "defaults": {
            "title": "Five sessions with Rania",
            "description": "Private Arabic lessons, Levantine or MSA, at the times that suit you.",
            "sessions": 5,
            "validity_days": 90,
            "position": 1,
        },
        "ar": {
            "title": "خمس جلسات مع رانيا",
            "description": "دروس عربية خاصة، بالشامية أو الفصحى، في الأوقات التي تناسبك.",
        },
        "price": Decimal("120.00"),
    },
    {
        "slug": "ten-english-sessions",
        "teacher": None,
        "defaults": {
            "title": "Ten English sessions",
            "description": "Private lessons with any of our English teachers.",
            "sessions": 10,
            "language": "English",
            "validity_days": 180,
            "position": 2,
        },
        "ar": {"title": "عشر جلسات إنجليزية", "description": "دروس خاصة مع أيٍّ من معلمي الإنجليزية لدينا."},
        "price": Decimal("220.00"),
    },
]


def seed() -> None:
    base = settings.COMMERCE_BASE_CURRENCY
    for spec in PACKAGES:
        teacher = demo_user(spec["teacher"]) if spec["teacher"] else None
        package, _ = SessionPackage.objects.get_or_create(
            slug=spec["slug"], defaults={**spec["defaults"], "teacher": teacher}
        )
        package.save_translation("ar", **spec["ar"])
        SessionPackagePrice.objects.get_or_create(package=package, currency=base, defaults={"amount": spec["price"]})
    TrialPrice.objects.get_or_create(currency=base, defaults={"amount": Decimal("9.00")})
    if "SAR" in settings.FLUENTORY_CURRENCIES:
        # One admin-set trial price beside the derived ones.
        TrialPrice.objects.get_or_create(currency="SAR", defaults={"amount": Decimal("29.00")})


def bundled_package() -> SessionPackage:
    """The package the demo bundle holds: the first one seeded."""
    return SessionPackage.objects.get(slug=PACKAGES[0]["slug"])


def base_price(package: SessionPackage):
    return SessionPackagePrice.objects.get(package=package, currency=settings.COMMERCE_BASE_CURRENCY).amount
