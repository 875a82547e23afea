"""The results tree: plan → aims → targets → indicators, each with its figures and budget.

Built by `reports.results.assembly.compute_results`; read by the dashboards, the exports and
the reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from goals.models import Aim, Plan, Target
from indicators import computation
from indicators.computation import (
    HUNDRED,
    ZERO,
    AimResult,
    IndicatorInput,
    IndicatorResult,
    PlanResult,
    Settings,
    Status,
    TargetResult,
)
from indicators.models import Indicator, Period
from indicators.results_inputs import ActualRow
from reports.results.budget import BudgetFigures
from reports.results.periods import half_label, period_label

__all__ = [
    "AimFigures",
    "IndicatorFigures",
    "Results",
    "TargetFigures",
    "TargetTerm",
]


@dataclass(frozen=True)
class IndicatorFigures:
    """One indicator's figures for the period, with its model row and its period values."""

    indicator: Indicator
    input: IndicatorInput
    result: IndicatorResult
    actual: ActualRow | None
    """The Actual row of the chosen period (explanation, deviation reason, "veri yok"), if
    any."""

    @property
    def order(self) -> int:
        return self.indicator.order

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def weight(self) -> Decimal | None:
        return self.indicator.weight

    @property
    def A(self) -> Decimal | None:  # noqa: N802 - the method's own letters
        return self.result.A

    @property
    def B(self) -> Decimal | None:  # noqa: N802
        return self.result.B

    @property
    def C(self) -> Decimal | None:  # noqa: N802
        return self.result.C

    @property
    def realization(self) -> Decimal | None:
        return self.result.realization

    @property
    def expected_realization(self) -> Decimal | None:
        return self.result.expected_realization

    @property
    def progress(self) -> Decimal | None:
        """The realization against the expected progress (DESIGN.md §5, "Mid-year"): differs
        from `realization` only for flows at H1; the status comes from it."""
        return self.result.expected_realization

    @property
    def missing_periods(self) -> list[str]:
        """The periods whose value C needs and lacks ("2025-H2"), oldest first (§5,
        completeness): not entered, declared "veri yok", or not approved with approved-only."""
        return [period_label(p) for p in self.result.missing_periods]

    @property
    def no_data_reason(self) -> str | None:
        """The reason of the "veri yok" declaration of a missing period; with several, each
        after its period ("2025-H1: …; 2025-H2: …"). None when no missing period is declared."""
        declared = self.result.no_data
        if not declared:
            return None
        if len(declared) == 1:
            return declared[0][1]
        return "; ".join(f"{period_label(p)}: {reason}" for p, reason in declared)

    @property
    def status(self) -> Status:
        return self.result.status

    @property
    def approved(self) -> bool | None:
        return self.result.approved

    @property
    def in_target_figure(self) -> bool:
        """Whether the indicator counts in its target's realization (evaluated, with a value)."""
        return self.result.evaluated and self.result.has_value

    def period_values(self, periods: list[tuple[int, int]]) -> list[computation.PeriodValue | None]:
        """The entered value of each (year, half), None where nothing was entered."""
        return [self.input.values.get(p) for p in periods]


@dataclass(frozen=True)
class TargetTerm:
    """One indicator's term in its target's weighted sum (for showing the formula)."""

    figures: IndicatorFigures
    weight: Decimal
    value: Decimal
    """The realization as summed: clamped to [0, 100] when the clamp is on."""

    @property
    def product(self) -> Decimal:
        return self.weight * self.value


class _Weighted:
    """The realization, coverage and band of a weighted figure: a target's, an aim's, the
    plan's (`result` is its `computation` result)."""

    result: TargetResult | AimResult | PlanResult
    half: int
    settings: Settings

    @property
    def realization(self) -> Decimal | None:
        return self.result.realization

    @property
    def coverage(self) -> Decimal | None:
        return self.result.coverage

    @property
    def band(self) -> Status | None:
        """The band of the realization at H2; None at H1 (the official figure compares half
        a year with the year-end plan, so a band would mislead) and when there is no
        realization."""
        if self.half != 2 or self.realization is None:
            return None
        return computation.status_for(self.realization, self.settings)


@dataclass(frozen=True)
class TargetFigures(_Weighted):
    target: Target
    result: TargetResult
    budget: BudgetFigures
    indicators: tuple[IndicatorFigures, ...]
    half: int
    settings: Settings

    @property
    def approved(self) -> bool | None:
        return self.result.approved

    @property
    def terms(self) -> list[TargetTerm]:
        """The terms of Σ(w × r) / Σ w, as `computation.target_result` sums them."""
        terms = []
        for fig in self.indicators:
            if fig.in_target_figure and fig.realization is not None:
                value = fig.realization
                if self.settings.clamp:
                    value = min(max(value, ZERO), HUNDRED)
                terms.append(TargetTerm(fig, fig.weight or ZERO, value))
        return terms

    @property
    def weighted_sum(self) -> Decimal:
        return sum((t.product for t in self.terms), ZERO)

    @property
    def plain_mean_used(self) -> bool:
        """True when the weights in the figure sum to 0 and the plain mean is used."""
        return bool(self.terms) and self.result.weight_with_value == 0


@dataclass(frozen=True)
class AimFigures(_Weighted):
    aim: Aim
    result: AimResult
    targets: tuple[TargetFigures, ...]
    budget: BudgetFigures
    half: int
    settings: Settings

    @property
    def approved(self) -> bool | None:
        return _all_approved(self.targets)


@dataclass(frozen=True)
class Results(_Weighted):
    """A plan's (or part of a plan's) figures for (year, half)."""

    plan: Plan
    year: int
    half: int
    approved_only: bool
    settings: Settings
    period: Period | None
    result: PlanResult
    aims: tuple[AimFigures, ...]
    budget: BudgetFigures

    @property
    def label(self) -> str:
        return f"{self.year}-{half_label(self.half)}"

    @property
    def approved(self) -> bool | None:
        return _all_approved(self.aims)

    def targets(self) -> Iterator[TargetFigures]:
        for aim in self.aims:
            yield from aim.targets

    def indicators(self) -> Iterator[IndicatorFigures]:
        for target in self.targets():
            yield from target.indicators

    def aim(self, aim_id: int) -> AimFigures | None:
        return next((a for a in self.aims if a.aim.pk == aim_id), None)

    def target(self, target_id: int) -> TargetFigures | None:
        return next((t for t in self.targets() if t.target.pk == target_id), None)

    def status_counts(self) -> dict[Status, int]:
        """How many indicators have each status, every status listed in band order."""
        counts = Counter(fig.status for fig in self.indicators())
        return {status: counts.get(status, 0) for status in Status}

    def unapproved_count(self) -> int:
        """Indicators whose figure rests on a value not yet approved."""
        return sum(1 for fig in self.indicators() if fig.approved is False)


def _all_approved(parts: Iterable[TargetFigures | AimFigures]) -> bool | None:
    """True when every part with a figure rests on approved values; None when none has one."""
    flags = [p.approved for p in parts if p.approved is not None]
    return all(flags) if flags else None
