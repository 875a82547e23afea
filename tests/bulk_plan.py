"""A new plan from a document in bulk: the rows (and history rows) `plans.loading.plan_load`
writes for a plan that is not in the database yet, inserted a few queries per model instead of
two per row. For tests that need a large plan (20× the Kars plan: 30,000 rows) and do not test
the loading itself; tests/plans/test_bulk_plan.py checks that both give the same plan.
"""

from __future__ import annotations

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from budget.models import CostEstimate, CostTotal
from goals import data_version
from goals.models import Activity, Aim, Finding, Need, Plan, Risk, Target, Unit
from indicators.models import Indicator, KeyPerformanceIndicator, PlannedValue
from indicators.services import periods_ensure
from plans.validation import validate_document

INDICATOR_FIELDS = (
    "code",
    "name",
    "weight",
    "unit_of_measure",
    "baseline",
    "measure",
    "direction",
    "monitoring_frequency_months",
    "reporting_frequency_months",
    "is_key",
    "card",
)


def _history(model: type, objs: list) -> list:
    return bulk_create_with_history(objs, model, batch_size=2000) if objs else []


@transaction.atomic
def bulk_plan_load(document: dict) -> Plan:
    """Load `document`, a plan not in the database yet, in bulk; returns the plan."""
    with data_version.batched():
        data = validate_document(document)
        p = data["plan"]
        assert not Plan.objects.filter(institution=p["institution"], name=p["name"]).exists()
        plan = Plan(
            institution=p["institution"],
            name=p["name"],
            **{k: p[k] for k in ("start_year", "end_year", "mission", "vision", "core_values")},
        )
        plan.full_clean(exclude=[], validate_unique=False, validate_constraints=False)
        plan.save()
        units = {u.name: u for u in Unit.objects.filter(name__in=data["units"])}
        new_units = [Unit(name=name) for name in data["units"] if name not in units]
        for unit in Unit.objects.bulk_create(new_units):
            units[unit.name] = unit
        if new_units:  # a unit's save bumps every plan (goals.data_version)
            data_version.bump(data_version.ALL_PLANS)

        aims = _history(
            Aim,
            [
                Aim(plan=plan, code=a["code"], title=a["title"], order=order)
                for order, a in enumerate(data["aims"], start=1)
            ],
        )
        cards = [(aim, t) for aim, a in zip(aims, data["aims"], strict=True) for t in a["targets"]]
        targets = _history(
            Target,
            [
                Target(
                    plan=plan,
                    code=t["code"],
                    aim=aim,
                    title=t["title"],
                    order=order,
                    responsible_unit=units[t["responsible_unit"]],
                    cooperating_all_units=t["cooperating_all_units"],
                    cost_estimate=t["cost_estimate"],
                    source_notes=t["source_notes"],
                )
                for order, (aim, t) in enumerate(cards, start=1)
            ],
        )
        texts: dict[type, list] = {Risk: [], Finding: [], Need: []}
        activities, costs = [], []
        for target, (_aim, t) in zip(targets, cards, strict=True):
            if t["cooperating_units"]:  # as plan_load: the m2m rows and their history
                target.cooperating_units.set({units[n].pk for n in t["cooperating_units"]})
            activities += [
                Activity(target=target, number=a["number"], text=a["text"]) for a in t["activities"]
            ]
            for model, key in ((Risk, "risks"), (Finding, "findings"), (Need, "needs")):
                texts[model] += [
                    model(target=target, order=order, text=text)
                    for order, text in enumerate(t[key], start=1)
                ]
            costs += [
                CostEstimate(target=target, year=year, amount=amount)
                for year, amount in t["costs_by_year"].items()
                if amount is not None
            ]
        activities = _history(Activity, activities)
        by_number = {(a.target_id, a.number): a for a in activities}
        for model, objs in texts.items():
            model.objects.bulk_create(objs, batch_size=2000)
        _history(CostEstimate, costs)

        rows = [
            (target, ind)
            for target, (_a, t) in zip(targets, cards, strict=True)
            for ind in t["indicators"]
        ]
        indicators = _history(
            Indicator,
            [
                Indicator(
                    target=target,
                    order=ind["order"],
                    activity=by_number.get((target.pk, ind["activity"])),
                    **{k: ind[k] for k in INDICATOR_FIELDS},
                )
                for target, ind in rows
            ],
        )
        _history(
            PlannedValue,
            [
                PlannedValue(indicator=indicator, year=year, value=value)
                for indicator, (_t, ind) in zip(indicators, rows, strict=True)
                for year, value in ind["planned_values"].items()
                if value is not None
            ],
        )
        by_key = {(i.target.code, i.order): i for i in indicators}
        KeyPerformanceIndicator.objects.bulk_create(
            KeyPerformanceIndicator(
                plan=plan,
                order=kpi["order"],
                name=kpi["name"],
                baseline=kpi["baseline"],
                target_value=kpi["target_value"],
                unit_of_measure=kpi["unit_of_measure"],
                indicator=by_key[(kpi["target"], kpi["indicator_order"])]
                if kpi["target"]
                else None,
            )
            for kpi in data["kpis"]
        )
        aims_by_code = {a.code: a for a in aims}
        CostTotal.objects.bulk_create(
            CostTotal(
                plan=plan,
                order=order,
                year=year,
                label=row["label"],
                aim=aims_by_code.get(row["aim"]) if row["aim"] else None,
                amount=amount,
            )
            for order, row in enumerate(data["totals"], start=1)
            for year, amount in {None: row["total"], **row["by_year"]}.items()
            if amount is not None
        )
        periods_ensure(plan=plan)
        data_version.bump([plan.pk])
    return plan  # as plan_load's: its data_version is the one it was saved with
