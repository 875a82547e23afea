"""Reads for the plan pages that join the plan structure with indicators and costs, each in
a fixed number of queries (tests/reports/test_plan_views.py)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from goals.models import Activity, Aim, Plan, Target
from indicators.models import Indicator


def _targets_for_listing() -> QuerySet[Target]:
    return (
        Target.objects.select_related("responsible_unit")
        .prefetch_related("cost_estimates")
        .order_by("order", "code")
    )


def plan_detail(pk: int) -> Plan:
    """The plan with its aims, targets, responsible units and yearly costs (4 queries)."""
    return Plan.objects.prefetch_related(
        Prefetch("aims", queryset=Aim.objects.order_by("order", "code")),
        Prefetch("aims__targets", queryset=_targets_for_listing()),
    ).get(pk=pk)


def aim_detail(pk: int) -> Aim:
    return (
        Aim.objects.select_related("plan")
        .prefetch_related(
            Prefetch(
                "targets",
                queryset=_targets_for_listing().prefetch_related("cooperating_units", "indicators"),
            )
        )
        .get(pk=pk)
    )


def target_detail(pk: int) -> Target:
    """Everything the printed target card shows, in a fixed number of queries."""
    indicators = Indicator.objects.order_by("order").prefetch_related("planned_values")
    return (
        Target.objects.select_related("aim", "plan", "responsible_unit")
        .prefetch_related(
            "cooperating_units",
            Prefetch("indicators", queryset=indicators),
            Prefetch(
                "activities",
                queryset=Activity.objects.order_by("number").prefetch_related(
                    Prefetch("indicators", queryset=Indicator.objects.order_by("order"))
                ),
            ),
            "risks",
            "findings",
            "needs",
            "cost_estimates",
        )
        .get(pk=pk)
    )


def yearly_costs(
    targets: list[Target], years: list[int]
) -> tuple[dict[int, dict[int, Decimal]], dict[int | None, Decimal]]:
    """Per-target {year: amount} and per-year sums (key None: the total) from the targets'
    prefetched cost estimates; no query."""
    per_target: dict[int, dict[int, Decimal]] = {}
    totals: dict[int | None, Decimal] = {year: Decimal(0) for year in years}
    totals[None] = Decimal(0)
    for target in targets:
        costs = {c.year: c.amount for c in target.cost_estimates.all()}
        per_target[target.pk] = costs
        for year, amount in costs.items():
            totals[year] = totals.get(year, Decimal(0)) + amount
            totals[None] += amount
    return per_target, totals
