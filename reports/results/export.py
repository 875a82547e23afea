"""The results as JSON: the export format of docs/results-format.md (`export_results`)."""

from __future__ import annotations

from indicators.computation import fmt2
from reports.results.figures import Results
from reports.results.periods import half_label

__all__ = ["results_to_json"]


def results_to_json(results: Results) -> dict:
    """The export format (docs/results-format.md): decimals as strings with 2 places and a
    dot, null where a figure does not exist."""
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
