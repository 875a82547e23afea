"""Exporting a plan as one canonical document; ``plan_load`` accepts it back unchanged."""

from __future__ import annotations

from budget.models import CostTotal
from goals.models import Aim, Plan, Unit
from indicators.models import KeyPerformanceIndicator
from karsplan.lib.numbers import decimal_str
from plans.document import FORMAT


def plan_export(plan: Plan) -> dict:
    """The plan as one canonical document; ``plan_load`` accepts it back unchanged."""
    years = [str(y) for y in plan.years]
    aims = (
        Aim.objects.filter(plan=plan)
        .order_by("order", "code")
        .prefetch_related(
            "targets__cooperating_units",
            "targets__activities",
            "targets__risks",
            "targets__findings",
            "targets__needs",
            "targets__cost_estimates",
            "targets__indicators__planned_values",
            "targets__indicators__activity",
        )
    )
    targets_out = []
    unit_names = set()
    doc_aims = []
    for aim in aims:
        aim_targets = []
        for t in sorted(aim.targets.all(), key=lambda t: (t.order, t.code)):
            unit_names.add(t.responsible_unit_id)
            costs = {str(c.year): decimal_str(c.amount) for c in t.cost_estimates.all()}
            indicators = []
            for i in sorted(t.indicators.all(), key=lambda i: i.order):
                planned = {str(pv.year): decimal_str(pv.value) for pv in i.planned_values.all()}
                indicators.append(
                    {
                        "order": i.order,
                        "code": i.code,
                        "name": i.name,
                        "weight": decimal_str(i.weight),
                        "unit_of_measure": i.unit_of_measure,
                        "baseline": decimal_str(i.baseline),
                        "planned_values": {y: planned.get(y) for y in years},
                        "measure": i.measure,
                        "direction": i.direction,
                        "monitoring_frequency_months": i.monitoring_frequency_months,
                        "reporting_frequency_months": i.reporting_frequency_months,
                        "activity": i.activity.number if i.activity else None,
                        "is_key": i.is_key,
                        "card": i.card,
                    }
                )
            aim_targets.append(
                {
                    "code": t.code,
                    "title": t.title,
                    "responsible_unit": t.responsible_unit.name,
                    "cooperating_units": sorted(u.name for u in t.cooperating_units.all()),
                    "cooperating_all_units": t.cooperating_all_units,
                    "activities": [
                        {"number": a.number, "text": a.text}
                        for a in sorted(t.activities.all(), key=lambda a: a.number)
                    ],
                    "risks": [r.text for r in sorted(t.risks.all(), key=lambda r: r.order)],
                    "findings": [r.text for r in sorted(t.findings.all(), key=lambda r: r.order)],
                    "needs": [r.text for r in sorted(t.needs.all(), key=lambda r: r.order)],
                    "cost_estimate": decimal_str(t.cost_estimate),
                    "costs_by_year": {y: costs[y] for y in years if y in costs},
                    "source_notes": list(t.source_notes),
                    "indicators": indicators,
                }
            )
            targets_out.append(t)
        doc_aims.append({"code": aim.code, "title": aim.title, "targets": aim_targets})
    del unit_names
    kpis = [
        {
            "order": k.order,
            "name": k.name,
            "baseline": decimal_str(k.baseline),
            "target_value_2029": decimal_str(k.target_value),
            "unit_of_measure": k.unit_of_measure,
            "target": k.indicator.target.code if k.indicator else None,
            "indicator_order": k.indicator.order if k.indicator else None,
        }
        for k in KeyPerformanceIndicator.objects.filter(plan=plan)
        .select_related("indicator__target")
        .order_by("order")
    ]
    totals: dict[int, dict] = {}
    for row in CostTotal.objects.filter(plan=plan).select_related("aim").order_by("order", "year"):
        entry = totals.setdefault(
            row.order,
            {
                "label": row.label,
                "aim": row.aim.code if row.aim else None,
                "total": None,
                "by_year": {},
            },
        )
        if row.year is None:
            entry["total"] = decimal_str(row.amount)
        else:
            entry["by_year"][str(row.year)] = decimal_str(row.amount)
    return {
        "format": FORMAT,
        "plan": {
            "institution": plan.institution,
            "name": plan.name,
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "mission": plan.mission,
            "vision": plan.vision,
            "core_values": list(plan.core_values),
        },
        "units": sorted(Unit.objects.values_list("name", flat=True)),
        "aims": doc_aims,
        "key_performance_indicators": kpis,
        "cost_totals": [totals[k] for k in sorted(totals)],
    }
