"""Reads of costs: planned (CostEstimate) and actual (Expenditure), in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from budget.models import CostEstimate, Expenditure
from goals.models import Aim, Plan, Target
from indicators.models import Submission, SubmissionStatus
from indicators.results_inputs import up_to_q

__all__ = ["PlanBudgetData", "plan_budget_data"]

QUERIES = 2
"""How many SQL queries `plan_budget_data` runs, whatever the plan's size."""


@dataclass(frozen=True)
class PlanBudgetData:
    """Planned costs per (target, year) and expenditures per (target, year, half)."""

    planned: dict[tuple[int, int], Decimal]
    spent: dict[tuple[int, int, int], Decimal]

    def planned_for(self, target_id: int, year: int) -> Decimal | None:
        """The cost estimate of the target for the year (Tablo 24); None when there is none."""
        return self.planned.get((target_id, year))

    def actual_for(self, target_id: int, year: int, half: int) -> Decimal | None:
        """Σ of the target's expenditures in the year's periods up to `half`; None when none
        was entered."""
        amounts = [
            self.spent[(target_id, year, h)]
            for h in (1, 2)
            if h <= half and (target_id, year, h) in self.spent
        ]
        return sum(amounts, Decimal(0)) if amounts else None


def plan_budget_data(
    plan: Plan,
    *,
    up_to: tuple[int, int],
    approved_only: bool = False,
    aim: Aim | None = None,
    target: Target | None = None,
) -> PlanBudgetData:
    """Cost estimates of every year and expenditures up to `up_to` = (year, half), in 2 queries.

    With `approved_only` an expenditure counts only when the Submission of (the target's
    responsible unit, its period) is approved, as for indicator values.
    """
    year, half = up_to
    target_q = Q(target__plan=plan)
    if aim is not None:
        target_q &= Q(target__aim=aim)
    if target is not None:
        target_q &= Q(target=target)
    planned = {
        (target_id, cost_year): amount
        for target_id, cost_year, amount in CostEstimate.objects.filter(target_q).values_list(
            "target_id", "year", "amount"
        )
    }
    expenditures = Expenditure.objects.filter(target_q & up_to_q(year, half))
    if approved_only:
        expenditures = expenditures.filter(
            Exists(
                Submission.objects.filter(
                    unit=OuterRef("target__responsible_unit"),
                    period=OuterRef("period"),
                    status=SubmissionStatus.APPROVED,
                )
            )
        )
    spent: dict[tuple[int, int, int], Decimal] = defaultdict(Decimal)
    for target_id, spent_year, spent_half, amount in expenditures.values_list(
        "target_id", "period__year", "period__half", "amount"
    ):
        spent[(target_id, spent_year, spent_half)] += amount
    return PlanBudgetData(planned=planned, spent=dict(spent))
