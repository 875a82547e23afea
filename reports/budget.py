"""Budget figures of a plan: planned costs (budget) beside actual expenditures (indicators)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budget.selectors import plan_costs
from goals.models import Aim, Plan, Target
from indicators.results_inputs import plan_expenditures

__all__ = ["QUERIES", "PlanBudgetData", "plan_budget_data"]

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
    return PlanBudgetData(
        planned=plan_costs(plan, aim=aim, target=target),
        spent=plan_expenditures(
            plan, up_to=up_to, approved_only=approved_only, aim=aim, target=target
        ),
    )
