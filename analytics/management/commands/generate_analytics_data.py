import random
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from analytics.datagen import World, ordered_parts
from analytics.rollups import engine
from core import planner_statistics


class Command(BaseCommand):
    help = (
        "Fill the database with a generated school for the analytics benchmark (by default 100,000 students, "
        "1,000,000 events and 200,000 payments in six currencies over a year), then roll everything up. "
        "Refused where the settings forbid demo data, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=100_000)
        parser.add_argument("--events", type=int, default=1_000_000)
        parser.add_argument("--payments", type=int, default=200_000)
        parser.add_argument("--days", type=int, default=365, help="How many days back the records reach.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--force", action="store_true", help="Run even where the settings forbid demo data.")

    def handle(self, *args, **options):
        if not settings.DEMO_SEED_ALLOWED and not options["force"]:
            raise CommandError(
                "These settings forbid made-up data, which would mix with real orders; --force is for a staging site."
            )
        for name in ("students", "events", "payments", "days"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1.")
        end = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        world = World(
            students=options["students"],
            events=options["events"],
            payments=options["payments"],
            start=end - timedelta(days=options["days"]),
            end=end,
            random=random.Random(options["seed"]),  # noqa: S311 -- made-up records, repeatable from the seed
            log=lambda line: self.stdout.write(f"  {line}"),
            seed=options["seed"],
        )
        for _order, name, generate in ordered_parts():
            began = time.perf_counter()
            generate(world)
            self.stdout.write(f"{name}: {time.perf_counter() - began:.1f} s")
        self._refresh_statistics()
        began = time.perf_counter()
        rebuilt = engine.roll_up_pending()
        days = sum(len(found) for found in rebuilt.values())
        self.stdout.write(f"rollups: {days} rollup-days in {time.perf_counter() - began:.1f} s")
        self._refresh_statistics()

    def _refresh_statistics(self):
        began = time.perf_counter()
        statement = planner_statistics.refresh()
        self.stdout.write(f"{statement}: {time.perf_counter() - began:.1f} s")
