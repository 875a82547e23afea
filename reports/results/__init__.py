"""The plan's results: every figure the product shows or prints, from one implementation.

    plan_results(plan, year, half)  →  Results: plan → aims → targets → indicators, with budget
    results_to_json(results)        →  the export format of docs/results-format.md

The data comes from two selectors that run a fixed number of queries whatever the plan's size
(`indicators.results_inputs.plan_indicator_data`: 7, `reports.budget.plan_budget_data`: 2);
the figures come from the pure module `indicators.computation` (DESIGN.md §5,
docs/computation.md). Dashboards, `export_results` and the PDF/Excel reports all call this
module, so that they print the same numbers.

`load_results_inputs` + `compute_results` split loading from computing: load once, compute any
period up to the one loaded (the dashboards' series across periods do that).

The package, by sub-domain:

    periods    the computation's settings, the status names, H1/H2 and the periods of a plan
    figures    the results tree (Results → AimFigures → TargetFigures → IndicatorFigures)
    budget     BudgetFigures (planned cost, expenditure, their ratio)
    assembly   loading (`load_results_inputs`) and computing (`compute_results`, `plan_results`)
    export     `results_to_json`
    formula    `indicator_formula`: the rule with an indicator's numbers
    forecast   `results_forecast`, `risk_targets`: year-end and plan-end projections
"""

from reports.results.assembly import (
    LOAD_QUERIES,
    ResultsInputs,
    compute_results,
    load_results_inputs,
    plan_results,
    plan_results_series,
)
from reports.results.budget import BudgetFigures
from reports.results.export import results_to_json
from reports.results.figures import AimFigures, IndicatorFigures, Results, TargetFigures
from reports.results.forecast import ResultsForecast, RiskTarget, results_forecast, risk_targets
from reports.results.formula import Formula, indicator_formula
from reports.results.periods import (
    STATUS_NAMES,
    computation_settings,
    half_label,
    parse_half,
    periods_through,
)

__all__ = [
    "LOAD_QUERIES",
    "AimFigures",
    "BudgetFigures",
    "Formula",
    "IndicatorFigures",
    "Results",
    "ResultsForecast",
    "ResultsInputs",
    "RiskTarget",
    "STATUS_NAMES",
    "TargetFigures",
    "compute_results",
    "computation_settings",
    "half_label",
    "indicator_formula",
    "load_results_inputs",
    "parse_half",
    "periods_through",
    "plan_results",
    "plan_results_series",
    "results_forecast",
    "results_to_json",
    "risk_targets",
]
