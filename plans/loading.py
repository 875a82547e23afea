"""Loading a plan document: strict and atomic.

The whole document is validated first (``plans.validation``); then one transaction writes
it. Loading the same document twice changes nothing (rows are matched by natural keys and
saved only when a field differs, so no history entries are written for unchanged rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budget.models import CostEstimate, CostTotal
from goals import data_version
from goals.models import Activity, Aim, Finding, Need, Plan, Risk, Target, Unit
from indicators.models import Indicator, KeyPerformanceIndicator, PlannedValue
from indicators.services import periods_ensure
from plans.document import PlanFormatError
from plans.validation import validate_document


@dataclass
class LoadResult:
    plan: Plan
    created: bool
    changed: int = 0
    counts: dict[str, int] = field(default_factory=dict)


class _Writer:
    """Saves a row only when a field differs, and counts the writes.

    1. ``preload`` reads a model's existing rows of the plan in one query, keyed by the
       natural key, so that ``upsert`` costs no SELECT;
    2. ``upsert`` creates or updates (validating fields first) and remembers the row as kept;
    3. ``prune`` deletes, in one query per model, the plan's rows that were not kept.
    """

    def __init__(self) -> None:
        self.changed = 0
        self.rows: dict[type, dict[tuple, Any]] = {}
        self.kept: dict[type, set[int]] = {}

    @staticmethod
    def _key(model: type, lookup: dict) -> tuple:
        return tuple(v.pk if hasattr(v, "_meta") else v for v in lookup.values())

    def preload(self, model: type, queryset: Any, key: tuple[str, ...]) -> None:
        attnames = [model._meta.get_field(f).attname for f in key]
        self.rows[model] = {tuple(getattr(o, a) for a in attnames): o for o in queryset}
        self.kept.setdefault(model, set())

    def upsert(self, model: type, lookup: dict, values: dict) -> Any:
        rows = self.rows.setdefault(model, {})
        key = self._key(model, lookup)
        obj = rows.get(key)
        dirty: list[str] = []
        if obj is None:
            obj = model(**lookup, **values)
        else:
            for k, val in values.items():
                field = model._meta.get_field(k)
                if field.is_relation:  # compare ids: no query for the related row
                    if getattr(obj, field.attname) != (val.pk if val is not None else None):
                        dirty.append(k)
                elif getattr(obj, k) != val:
                    dirty.append(k)
            for k in dirty:
                setattr(obj, k, values[k])
        if obj.pk is None or dirty:
            relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
            try:
                obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                where = ", ".join(f"{k}={getattr(v, 'code', v)}" for k, v in lookup.items())
                raise PlanFormatError(
                    [
                        f"{model._meta.verbose_name} ({where}): {field}: {' '.join(msgs)}"
                        for field, msgs in exc.message_dict.items()
                    ]
                )
            obj.save()
            rows[key] = obj
            self.changed += 1
        self.kept.setdefault(model, set()).add(obj.pk)
        return obj

    def prune(self, model: type, scope: Any) -> None:
        count, _ = scope.exclude(pk__in=self.kept.get(model, set())).delete()
        self.changed += count


@transaction.atomic
def plan_load(*, document: Any) -> LoadResult:
    """Validate and load a plan document in one transaction (idempotent)."""
    with data_version.batched():  # one bump of the plan's data version, at the end
        return _plan_load(document)


def _plan_load(document: Any) -> LoadResult:
    data = validate_document(document)
    w = _Writer()
    p = data["plan"]
    plan = Plan.objects.filter(institution=p["institution"], name=p["name"]).first()
    created = plan is None
    w.preload(Plan, [plan] if plan else [], ("institution", "name"))
    plan = w.upsert(
        Plan,
        {"institution": p["institution"], "name": p["name"]},
        {k: p[k] for k in ("start_year", "end_year", "mission", "vision", "core_values")},
    )
    existing_units = {u.name: u for u in Unit.objects.filter(name__in=data["units"])}
    units = {
        name: existing_units.get(name) or Unit.objects.create(name=name) for name in data["units"]
    }

    # Indicators that would disappear must not take entered values with them.
    keep = {
        (t["code"], i["order"]) for a in data["aims"] for t in a["targets"] for i in t["indicators"]
    }
    doomed = [
        ind
        for ind in Indicator.objects.filter(target__plan=plan, actuals__isnull=False)
        .select_related("target")
        .distinct()
        if (ind.target.code, ind.order) not in keep
    ]
    if doomed:
        raise PlanFormatError(
            [
                _(
                    "%(target)s #%(order)s (%(code)s) has entered values and is missing "
                    "from the file; it cannot be removed"
                )
                % {"target": i.target.code, "order": i.order, "code": i.code}
                for i in doomed
            ]
        )

    scopes = {
        Aim: (Aim.objects.filter(plan=plan), ("plan", "code")),
        Target: (
            Target.objects.filter(plan=plan).prefetch_related("cooperating_units"),
            ("plan", "code"),
        ),
        Activity: (Activity.objects.filter(target__plan=plan), ("target", "number")),
        Risk: (Risk.objects.filter(target__plan=plan), ("target", "order")),
        Finding: (Finding.objects.filter(target__plan=plan), ("target", "order")),
        Need: (Need.objects.filter(target__plan=plan), ("target", "order")),
        Indicator: (Indicator.objects.filter(target__plan=plan), ("target", "order")),
        PlannedValue: (
            PlannedValue.objects.filter(indicator__target__plan=plan),
            ("indicator", "year"),
        ),
        CostEstimate: (CostEstimate.objects.filter(target__plan=plan), ("target", "year")),
        KeyPerformanceIndicator: (
            KeyPerformanceIndicator.objects.filter(plan=plan),
            ("plan", "order"),
        ),
        CostTotal: (CostTotal.objects.filter(plan=plan), ("plan", "order", "year")),
    }
    for model, (queryset, key) in scopes.items():
        w.preload(model, queryset if not created else [], key)

    aims_by_code: dict[str, Aim] = {}
    targets_by_code: dict[str, Target] = {}
    indicators_by_key: dict[tuple[str, int], Indicator] = {}
    target_order = 0
    for aim_order, a in enumerate(data["aims"], start=1):
        aim = w.upsert(
            Aim, {"plan": plan, "code": a["code"]}, {"title": a["title"], "order": aim_order}
        )
        aims_by_code[aim.code] = aim
        for t in a["targets"]:
            target_order += 1
            target = w.upsert(
                Target,
                {"plan": plan, "code": t["code"]},
                {
                    "aim": aim,
                    "title": t["title"],
                    "order": target_order,
                    "responsible_unit": units[t["responsible_unit"]],
                    "cooperating_all_units": t["cooperating_all_units"],
                    "cost_estimate": t["cost_estimate"],
                    "source_notes": t["source_notes"],
                },
            )
            targets_by_code[target.code] = target
            wanted = {units[name].pk for name in t["cooperating_units"]}
            current = (
                {u.pk for u in target.cooperating_units.all()}
                if "_prefetched_objects_cache" in target.__dict__
                else set(target.cooperating_units.values_list("pk", flat=True))
            )
            if current != wanted:
                target.cooperating_units.set(wanted)
                w.changed += 1
            activities = {}
            for act in t["activities"]:
                activities[act["number"]] = w.upsert(
                    Activity, {"target": target, "number": act["number"]}, {"text": act["text"]}
                )
            for model, texts in ((Risk, t["risks"]), (Finding, t["findings"]), (Need, t["needs"])):
                for order, text in enumerate(texts, start=1):
                    w.upsert(model, {"target": target, "order": order}, {"text": text})
            for ind in t["indicators"]:
                indicator = w.upsert(
                    Indicator,
                    {"target": target, "order": ind["order"]},
                    {
                        "code": ind["code"],
                        "name": ind["name"],
                        "weight": ind["weight"],
                        "unit_of_measure": ind["unit_of_measure"],
                        "baseline": ind["baseline"],
                        "measure": ind["measure"],
                        "direction": ind["direction"],
                        "monitoring_frequency_months": ind["monitoring_frequency_months"],
                        "reporting_frequency_months": ind["reporting_frequency_months"],
                        "activity": activities.get(ind["activity"]),
                        "is_key": ind["is_key"],
                        "card": ind["card"],
                    },
                )
                indicators_by_key[(target.code, indicator.order)] = indicator
                for year, value in ind["planned_values"].items():
                    if value is not None:
                        w.upsert(
                            PlannedValue, {"indicator": indicator, "year": year}, {"value": value}
                        )
            for year, amount in t["costs_by_year"].items():
                if amount is not None:
                    w.upsert(CostEstimate, {"target": target, "year": year}, {"amount": amount})

    for kpi in data["kpis"]:
        indicator = None
        if kpi["target"]:
            indicator = indicators_by_key[(kpi["target"], kpi["indicator_order"])]
        w.upsert(
            KeyPerformanceIndicator,
            {"plan": plan, "order": kpi["order"]},
            {
                "name": kpi["name"],
                "baseline": kpi["baseline"],
                "target_value": kpi["target_value"],
                "unit_of_measure": kpi["unit_of_measure"],
                "indicator": indicator,
            },
        )
    for order, row in enumerate(data["totals"], start=1):
        aim = aims_by_code.get(row["aim"]) if row["aim"] else None
        amounts = {None: row["total"], **row["by_year"]}
        for year, amount in amounts.items():
            if amount is not None:
                w.upsert(
                    CostTotal,
                    {"plan": plan, "order": order, "year": year},
                    {"label": row["label"], "aim": aim, "amount": amount},
                )

    # Children first: a parent's delete would cascade to rows already counted.
    for model in reversed(list(scopes)):
        w.prune(model, scopes[model][0])

    w.changed += periods_ensure(plan=plan)
    counts = {
        "aims": len(aims_by_code),
        "targets": len(targets_by_code),
        "indicators": len(indicators_by_key),
        "units": len(units),
    }
    if w.changed:  # the saves' signals are batched (plan_load): the plan's one bump
        data_version.bump([plan.pk])
    return LoadResult(plan=plan, created=created, changed=w.changed, counts=counts)
