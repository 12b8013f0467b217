from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each app's `demo.seed()` builds on the ones before it: people, courses, pages (with their own courses),
# then prices for every published course, placement tests recommending them, schedules and notifications.
DEMO_APPS = ["accounts", "learning", "cms", "commerce", "placement", "scheduling", "notifications", "tutor", "partners"]


class Command(BaseCommand):
    help = "Create or refresh the demo people and content. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Seed even where the settings forbid it.")

    def handle(self, *args, **options):
        if not settings.DEMO_SEED_ALLOWED and not options["force"]:
            raise CommandError(
                "These settings forbid the demo (known passwords, sample orders). Use --force only on a staging site."
            )
        with transaction.atomic():
            for app in DEMO_APPS:
                try:
                    module = import_module(f"{app}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app}.demo":
                        raise
                    continue
                module.seed()
        from accounts.demo import logins

        rows = logins()
        width = max(len(email) for _, email, _ in rows)
        self.stdout.write(self.style.SUCCESS("Demo content is ready. Logins:"))
        for role, email, password in rows:
            self.stdout.write(f"  {email.ljust(width)}  {password}   ({role})")
