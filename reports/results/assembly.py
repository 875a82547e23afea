"""Loading a plan's data and computing its results tree, for one period or a series.

The data comes from two selectors that run a fixed number of queries whatever the plan's size
(`indicators.results_inputs.plan_indicator_data`: 7, `reports.budget.plan_budget_data`: 2);
the figures come from the pure module `indicators.computation`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from goals.models import Aim, Plan, Target
from indicators import computation
from indicators.computation import Settings
from indicators.models import Indicator
from indicators.results_inputs import PlanIndicatorData, plan_indicator_data
from reports.budget import PlanBudgetData, plan_budget_data
from reports.results.budget import BudgetFigures
from reports.results.cache import cached_results
from reports.results.figures import AimFigures, IndicatorFigures, Results, TargetFigures
from reports.results.periods import _check_half, computation_settings, periods_through

__all__ = [
    "LOAD_QUERIES",
    "ResultsInputs",
    "compute_results",
    "load_results_inputs",
    "plan_results",
    "plan_results_series",
]

LOAD_QUERIES = 7 + 2
"""SQL queries run by `load_results_inputs` (and so by `plan_results`), whatever the size."""


@dataclass(frozen=True)
class ResultsInputs:
    """Everything `compute_results` needs, loaded up to a period."""

    indicators: PlanIndicatorData
    budget: PlanBudgetData

    @property
    def plan(self) -> Plan:
        return self.indicators.plan

    @property
    def up_to(self) -> tuple[int, int]:
        return self.indicators.up_to


def load_results_inputs(
    plan: Plan,
    year: int,
    half: int,
    approved_only: bool = False,
    *,
    aim: Aim | None = None,
    target: Target | None = None,
    indicator: Indicator | None = None,
) -> ResultsInputs:
    """Load a plan's data through (year, half) in `LOAD_QUERIES` (9) queries.

    `aim`, `target` or `indicator` narrow what is loaded: the results then hold only that part
    (its aim's and the plan's figures are those of the part).
    """
    up_to = (year, half)
    return ResultsInputs(
        indicators=plan_indicator_data(
            plan,
            up_to=up_to,
            approved_only=approved_only,
            aim=aim,
            target=target,
            indicator=indicator,
        ),
        budget=plan_budget_data(
            plan,
            up_to=up_to,
            approved_only=approved_only,
            aim=aim,
            target=target if indicator is None else indicator.target,
        ),
    )


def compute_results(
    inputs: ResultsInputs, year: int, half: int, settings: Settings | None = None
) -> Results:
    """The results tree for (year, half), which must not be after the period loaded.

    Pure computation over the loaded data: no query.
    """
    if (year, half) > inputs.up_to:
        raise ValueError(f"{year}-H{half} is after the loaded period {inputs.up_to}")
    settings = settings or computation_settings()
    with computation.exact_context():  # one decimal context for the whole tree
        return _compute_results(inputs, year, half, settings)


def _compute_results(inputs: ResultsInputs, year: int, half: int, settings: Settings) -> Results:
    data = inputs.indicators
    aims = []
    for aim in data.aims:
        targets = []
        for target in data.targets_by_aim.get(aim.pk, []):
            indicators = data.indicators_by_target.get(target.pk, [])
            ind_inputs = [data.inputs[i.pk] for i in indicators]
            result = computation.target_result(target.pk, ind_inputs, year, half, settings)
            budget = BudgetFigures.of(
                inputs.budget.planned_for(target.pk, year),
                inputs.budget.actual_for(target.pk, year, half),
            )
            figures = tuple(
                IndicatorFigures(
                    indicator=ind,
                    input=ind_input,
                    result=ind_result,
                    actual=data.actual(ind.pk, year, half),
                )
                for ind, ind_input, ind_result in zip(
                    indicators, ind_inputs, result.indicators, strict=True
                )
            )
            targets.append(TargetFigures(target, result, budget, figures, half, settings))
        target_costs = {t.target.pk: t.budget.planned for t in targets}
        aim_result = computation.aim_result(
            aim.pk, [t.result for t in targets], settings, target_costs
        )
        aim_budget = BudgetFigures.total([t.budget for t in targets])
        aims.append(AimFigures(aim, aim_result, tuple(targets), aim_budget, half, settings))
    aim_costs = {a.aim.pk: a.budget.planned for a in aims}
    plan_result = computation.plan_result([a.result for a in aims], settings, aim_costs)
    return Results(
        plan=data.plan,
        year=year,
        half=half,
        approved_only=data.approved_only,
        settings=settings,
        period=data.period(year, half),
        result=plan_result,
        aims=tuple(aims),
        budget=BudgetFigures.total([a.budget for a in aims]),
    )


def plan_results(
    plan: Plan,
    year: int,
    half: int,
    approved_only: bool = False,
    settings: Settings | None = None,
) -> Results:
    """The whole plan's results for (year, half): from the results cache (1 query) or
    computed (1 + `LOAD_QUERIES` queries; `reports.results.cache`).

    `half` is 1 (H1, January–June) or 2 (H2, the year as a whole). With `approved_only` only
    values (and expenditures) whose unit submission for the period is approved count.
    `settings` default to django settings KARSPLAN.
    """
    _check_half(half)
    return _cached(plan, [(year, half)], approved_only, settings)[0]


def plan_results_series(
    plan: Plan,
    year: int,
    half: int,
    approved_only: bool = False,
    settings: Settings | None = None,
    *,
    aim: Aim | None = None,
    target: Target | None = None,
) -> list[Results]:
    """The results of every period from the plan's start through (year, half), oldest first.

    Each period's results come from the results cache (the earlier periods' stay cached while
    the plan's data does not change); the missing ones are computed from one load. `aim` or
    `target` narrow the results to that part, as if only it were loaded (its aim's and the
    plan's figures are those of the part).
    """
    _check_half(half)
    series = _cached(plan, periods_through(plan, year, half), approved_only, settings)
    if target is not None:
        return [_narrowed_to_target(results, target) for results in series]
    if aim is not None:
        return [_narrowed_to_aim(results, aim) for results in series]
    return series


def _cached(
    plan: Plan,
    periods: list[tuple[int, int]],
    approved_only: bool,
    settings: Settings | None,
) -> list[Results]:
    settings = settings or computation_settings()

    def compute(missing: list[tuple[int, int]]) -> dict[tuple[int, int], Results]:
        inputs = load_results_inputs(plan, *max(missing), approved_only)
        return {p: compute_results(inputs, *p, settings) for p in missing}

    return cached_results(plan, periods, approved_only, settings, compute)


def _with_aims(results: Results, aims: tuple[AimFigures, ...]) -> Results:
    """`results` with only `aims`: the plan's figures are recomputed from them, as
    `compute_results` does."""
    aim_costs = {a.aim.pk: a.budget.planned for a in aims}
    plan_result = computation.plan_result([a.result for a in aims], results.settings, aim_costs)
    return replace(
        results,
        result=plan_result,
        aims=aims,
        budget=BudgetFigures.total([a.budget for a in aims]),
    )


def _narrowed_to_aim(results: Results, aim: Aim) -> Results:
    return _with_aims(results, tuple(a for a in results.aims if a.aim.pk == aim.pk))


def _narrowed_to_target(results: Results, target: Target) -> Results:
    aims = []
    for aim_fig in results.aims:
        if aim_fig.aim.pk != target.aim_id:
            continue
        targets = tuple(t for t in aim_fig.targets if t.target.pk == target.pk)
        target_costs = {t.target.pk: t.budget.planned for t in targets}
        aim_result = computation.aim_result(
            aim_fig.aim.pk, [t.result for t in targets], results.settings, target_costs
        )
        aims.append(
            AimFigures(
                aim_fig.aim,
                aim_result,
                targets,
                BudgetFigures.total([t.budget for t in targets]),
                results.half,
                results.settings,
            )
        )
    return _with_aims(results, tuple(aims))
