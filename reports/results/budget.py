"""The budget figures of a target, an aim or the plan: planned cost, expenditure, their ratio."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from indicators import computation
from indicators.computation import ZERO

__all__ = ["BudgetFigures"]


@dataclass(frozen=True)
class BudgetFigures:
    """Planned cost for the year, Σ expenditure of the year up to the half, and their ratio."""

    planned: Decimal | None
    actual: Decimal | None
    realization: Decimal | None

    @classmethod
    def of(cls, planned: Decimal | None, actual: Decimal | None) -> BudgetFigures:
        return cls(planned, actual, computation.budget_realization(planned, actual))

    @classmethod
    def total(cls, parts: list[BudgetFigures]) -> BudgetFigures:
        """The sum of the parts' planned and actual amounts (None when no part has one)."""
        planned = [p.planned for p in parts if p.planned is not None]
        actual = [p.actual for p in parts if p.actual is not None]
        return cls.of(
            sum(planned, ZERO) if planned else None, sum(actual, ZERO) if actual else None
        )
