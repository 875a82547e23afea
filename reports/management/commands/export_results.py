"""python manage.py export_results --year 2025 [--period H1|H2] [--approved-only] [--out FILE]"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser

from reports.cli import plan_year_half
from reports.results import plan_results, results_to_json


class Command(BaseCommand):
    help = (
        "Write the plan's computed results for a year and period as JSON "
        "(docs/results-format.md). Without --period the figures are as of H2."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="plan year, e.g. 2025")
        parser.add_argument(
            "--period", default="H2", help="H1 or H2 (default: H2, the year as a whole)"
        )
        parser.add_argument(
            "--approved-only",
            action="store_true",
            help="count only values whose unit submission for the period is approved",
        )
        parser.add_argument("--out", help="output file (default: standard output)")
        parser.add_argument("--plan", type=int, help="plan id (default: the latest plan)")

    def handle(self, *args: object, **options: object) -> None:
        plan, year, half = plan_year_half(options)
        results = plan_results(plan, year, half, approved_only=options["approved_only"])
        text = json.dumps(results_to_json(results), ensure_ascii=False, indent=2) + "\n"
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stderr.write(f"{plan.name} {results.label} → {options['out']}")
        else:
            self.stdout.write(text, ending="")
