"""The results as JSON: the export format of docs/results-format.md (`export_results`)."""

from __future__ import annotations

from indicators.computation import fmt2
from indicators.forecast import IndicatorForecast, TargetForecast, is_at_risk
from reports.results.figures import Results
from reports.results.forecast import results_forecast
from reports.results.periods import half_label

__all__ = ["indicator_forecast_json", "results_to_json", "target_forecast_json"]


def results_to_json(results: Results) -> dict:
    """The export format (docs/results-format.md): decimals as strings with 2 places and a
    dot, null where a figure does not exist."""
    forecast = results_forecast(results)
    return {
        "year": results.year,
        "period": half_label(results.half),
        "clamp": results.settings.clamp,
        "plan": {"realization": fmt2(results.realization), "coverage": fmt2(results.coverage)},
        "aims": [
            {
                "code": aim.aim.code,
                "realization": fmt2(aim.realization),
                "targets": [
                    {
                        "code": t.target.code,
                        "realization": fmt2(t.realization),
                        "coverage": fmt2(t.coverage),
                        **target_forecast_json(forecast.targets[t.target.pk], results),
                        "budget": {
                            "planned": fmt2(t.budget.planned),
                            "actual": fmt2(t.budget.actual),
                            "realization": fmt2(t.budget.realization),
                        },
                        "indicators": [
                            {
                                "order": i.order,
                                "code": i.code,
                                "A": fmt2(i.A),
                                "B": fmt2(i.B),
                                "C": fmt2(i.C),
                                "realization": fmt2(i.realization),
                                "progress": fmt2(i.progress),
                                "status": str(i.status),
                                "approved": i.approved,
                                "missing_periods": i.missing_periods,
                                "no_data_reason": i.no_data_reason,
                                **indicator_forecast_json(forecast.indicators[i.indicator.pk]),
                            }
                            for i in t.indicators
                        ],
                    }
                    for t in aim.targets
                ],
            }
            for aim in results.aims
        ],
    }


def indicator_forecast_json(f: IndicatorForecast | None) -> dict:
    """`forecast_year_end`, `forecast_plan_end`: {value, realization, low, high} or null."""
    out = {}
    for horizon in ("year_end", "plan_end"):
        p = None if f is None else getattr(f, horizon)
        out[f"forecast_{horizon}"] = (
            None
            if p is None
            else {
                "value": fmt2(p.value),
                "realization": fmt2(p.realization),
                "low": fmt2(p.low),
                "high": fmt2(p.high),
            }
        )
    return out


def target_forecast_json(f: TargetForecast, results: Results) -> dict:
    """`forecast_year_end`, `forecast_plan_end`: {realization, low, high, at_risk} or null."""
    out = {}
    for horizon in ("year_end", "plan_end"):
        figure = getattr(f, horizon)
        out[f"forecast_{horizon}"] = (
            None
            if figure is None
            else {
                "realization": fmt2(figure),
                "low": fmt2(getattr(f, f"{horizon}_low")),
                "high": fmt2(getattr(f, f"{horizon}_high")),
                "at_risk": is_at_risk(figure, results.settings),
            }
        )
    return out
