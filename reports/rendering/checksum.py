"""The report's checksum: every figure and text it prints, as canonical JSON.

`canonical_data` is the report's data as plain JSON (every figure and text the report prints,
not the time it was made); `data_checksum` is its SHA-256. Two requests with the same checksum
would print the same report, so the archive returns the one it has.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from indicators.computation import fmt2
from reports.rendering.context import NARRATIVE_FIELDS, RENDERER_VERSION, ReportData
from reports.results import results_to_json

__all__ = ["canonical_data", "data_checksum"]


# --- The checksum -------------------------------------------------------------------------


def _s(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def canonical_data(data: ReportData) -> dict:
    """Every figure and text the report prints, as plain JSON (not the time it was made).

    The figures are `results_to_json` (the export format, with the approved flags); the rest
    adds what the export leaves out: names, units, weights, narratives, the plan-to-date
    figures and the annexes.
    """
    plan = data.plan
    structure = []
    narratives = {}
    cumulative = {}
    for aim in data.aims:
        structure.append({"aim": aim.figures.aim.code, "title": aim.figures.aim.title})
        for section in aim.targets:
            target = section.target
            structure.append(
                {
                    "target": target.code,
                    "title": target.title,
                    "responsible": target.responsible_unit.name,
                    "cooperating": section.cooperating,
                    "indicators": [
                        [
                            row.indicator.order,
                            row.indicator.code,
                            row.indicator.name,
                            row.indicator.unit_of_measure,
                            _s(row.figures.weight),
                        ]
                        for row in section.rows
                    ],
                }
            )
            review = section.review
            narratives[target.code] = {
                "review": {f: getattr(review, f) for f in NARRATIVE_FIELDS} if review else None,
                "indicators": [
                    [
                        row.indicator.order,
                        row.explanation,
                        row.deviation_reason,
                        [list(d) for d in row.declarations],
                        row.first_half_reason,
                    ]
                    for row in section.rows
                ],
            }
            if section.cumulative:
                cumulative[target.code] = [
                    [
                        row.figures.order,
                        fmt2(row.result.C),
                        fmt2(row.result.B),
                        fmt2(row.result.realization),
                        str(row.result.status),
                    ]
                    for row in section.cumulative
                ]
    return {
        "renderer": RENDERER_VERSION,
        "kind": data.kind,
        "plan": [plan.institution, plan.name, plan.start_year, plan.end_year],
        "settings": {
            "clamp": data.results.settings.clamp,
            "bands": [[str(s), _s(b)] for s, b in data.results.settings.bands],
            "aim_mean": data.results.settings.aim_mean,
            "plan_mean": data.results.settings.plan_mean,
        },
        "results": results_to_json(data.results),
        "budget": [
            [t.target.code, fmt2(t.budget.planned), fmt2(t.budget.actual)]
            for t in data.results.targets()
        ],
        "structure": structure,
        "narratives": narratives,
        "cumulative": cumulative,
        "completeness": [
            [u.unit, u.targets, u.due, u.entered, u.approved, u.submission]
            for u in data.completeness
        ],
        "pending": [
            [p.target_code, p.indicator_code, p.period, _s(p.value), p.submission]
            for p in data.pending
        ],
        "previous": results_to_json(data.previous) if data.previous else None,
        "front": [
            data.assessment,
            data.council_decision_date.isoformat() if data.council_decision_date else None,
            data.council_decision_number,
        ],
        "logo": data.logo.sha256 if data.logo else None,
        "risk": (
            [[r.code, _s(r.projected)] for r in data.risk_targets]
            if data.risk_targets is not None
            else None
        ),
    }


def data_checksum(data: ReportData) -> str:
    """SHA-256 of `canonical_data` as sorted, compact JSON."""
    text = json.dumps(
        canonical_data(data), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
