"""Demo content for `seed_demo`: every registered email's template, ready for editors in each language."""

from .email_templates import seed_default_templates


def seed() -> None:
    seed_default_templates()
