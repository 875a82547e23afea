"""Reads of costs: the planned cost estimates (Tablo 24), in one query."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from budget.models import CostEstimate
from goals.models import Aim, Plan, Target

__all__ = ["plan_costs"]


def plan_costs(
    plan: Plan, *, aim: Aim | None = None, target: Target | None = None
) -> dict[tuple[int, int], Decimal]:
    """The cost estimate of every (target pk, year) of the plan (or of an aim, a target)."""
    target_q = Q(target__plan=plan)
    if aim is not None:
        target_q &= Q(target__aim=aim)
    if target is not None:
        target_q &= Q(target=target)
    return {
        (target_id, cost_year): amount
        for target_id, cost_year, amount in CostEstimate.objects.filter(target_q).values_list(
            "target_id", "year", "amount"
        )
    }
