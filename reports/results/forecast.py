"""The forecast of a results tree: every indicator's and target's year-end and plan-end
projection (`indicators.forecast`, docs/computation.md "Tahmin (forecast)"), and the targets
"risk altında".

    results_forecast(results)  →  ResultsForecast (by indicator pk and by target pk)
    risk_targets(results)      →  the targets projected below the "orta" band, in plan order

Pure computation over the loaded results: no query. The problems page, `export_results`, the
report's summary and the public pages ask these functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators.forecast import (
    IndicatorForecast,
    TargetForecast,
    indicator_forecast,
    target_forecast,
)
from reports.results.figures import Results, TargetFigures

__all__ = ["ResultsForecast", "RiskTarget", "results_forecast", "risk_targets"]


@dataclass(frozen=True)
class ResultsForecast:
    indicators: dict[int, IndicatorForecast | None] = field(default_factory=dict)
    targets: dict[int, TargetForecast] = field(default_factory=dict)


@dataclass(frozen=True)
class RiskTarget:
    """A target "risk altında" with its forecast."""

    figures: TargetFigures
    forecast: TargetForecast


def results_forecast(results: Results) -> ResultsForecast:
    """The forecast of every indicator and target of `results`, as of its (year, half), to
    the year's end and to the plan's final year (`results.plan.end_year`)."""
    out = ResultsForecast()
    for target in results.targets():
        pairs = []
        for fig in target.indicators:
            forecast = indicator_forecast(
                fig.input, results.year, results.half, results.plan.end_year
            )
            out.indicators[fig.indicator.pk] = forecast
            pairs.append((fig.weight, forecast))
        out.targets[target.target.pk] = target_forecast(target.target.pk, pairs, results.settings)
    return out


def risk_targets(results: Results, forecast: ResultsForecast | None = None) -> list[RiskTarget]:
    """The targets whose year-end or plan-end projection falls below the "orta" band
    ("risk altında"), in plan order. For the dashboards' problems page and the report's
    executive summary."""
    forecast = forecast or results_forecast(results)
    return [
        RiskTarget(t, forecast.targets[t.target.pk])
        for t in results.targets()
        if forecast.targets[t.target.pk].at_risk
    ]
