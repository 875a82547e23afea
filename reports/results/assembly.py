"""Loading a plan's data and computing its results tree, for one period or a series.

The data comes from two selectors that run a fixed number of queries whatever the plan's size
(`indicators.results_inputs.plan_indicator_data`: 7, `reports.budget.plan_budget_data`: 2);
the figures come from the pure module `indicators.computation`.
"""

from __future__ import annotations

from dataclasses import dataclass

from goals.models import Aim, Plan, Target
from indicators import computation
from indicators.computation import Settings
from indicators.models import Indicator
from indicators.results_inputs import PlanIndicatorData, plan_indicator_data
from reports.budget import PlanBudgetData, plan_budget_data
from reports.results.budget import BudgetFigures
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
    """The whole plan's results for (year, half) in `LOAD_QUERIES` queries.

    `half` is 1 (H1, January–June) or 2 (H2, the year as a whole). With `approved_only` only
    values (and expenditures) whose unit submission for the period is approved count.
    `settings` default to django settings KARSPLAN.
    """
    _check_half(half)
    inputs = load_results_inputs(plan, year, half, approved_only)
    return compute_results(inputs, year, half, settings)


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
    """The results of every period from the plan's start through (year, half), oldest first,
    loaded once (`LOAD_QUERIES` queries)."""
    _check_half(half)
    settings = settings or computation_settings()
    inputs = load_results_inputs(plan, year, half, approved_only, aim=aim, target=target)
    return [compute_results(inputs, y, h, settings) for y, h in periods_through(plan, year, half)]
