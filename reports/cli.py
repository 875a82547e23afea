"""What the reporting commands share: choosing the plan, the year and the half."""

from __future__ import annotations

from django.core.management.base import CommandError

from goals.models import Plan
from reports.results import parse_half


def plan_year_half(options: dict) -> tuple[Plan, int, int]:
    """Resolve ``--plan`` (default: the latest plan), ``--year`` and ``--period`` (H1/H2)."""
    try:
        half = parse_half(options["period"])
    except ValueError:
        raise CommandError(f"--period H1 ya da H2 olmalı, {options['period']!r} değil.")
    plans = Plan.objects.newest_first()
    plan = plans.filter(pk=options["plan"]).first() if options.get("plan") else plans.first()
    if plan is None:
        raise CommandError("Plan bulunamadı. Önce load_plan çalıştırın.")
    year = options["year"]
    if year not in plan.years:
        raise CommandError(
            f"{year} yılı {plan.name} planının dönemi ({plan.start_year}–{plan.end_year}) dışında."
        )
    return plan, year, half
