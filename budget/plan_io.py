"""The canonical plan document (docs/plan-format.md): load, validate and export.

It lives in ``budget`` because a plan document spans goals, indicators and costs
and imports flow one way (goals ← indicators ← budget ← reports).

Loading is strict and atomic: the whole document is validated first and every
problem is reported with its path (``aims[0].targets[2].indicators[4].weight``);
then one transaction writes it. Loading the same document twice changes nothing
(rows are matched by natural keys and saved only when a field differs, so no
history entries are written for unchanged rows).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budget.models import CostEstimate, CostTotal
from goals.models import Activity, Aim, Finding, Need, Plan, Risk, Target, Unit
from indicators.models import Direction, Indicator, KeyPerformanceIndicator, Measure, PlannedValue
from indicators.services import periods_ensure
from karsplan.lib.numbers import decimal_str

FORMAT = "karsplan-plan/1"
DEFAULT_PLAN_PATH = Path(settings.BASE_DIR) / "fixtures" / "kars_2025_2029.json"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class PlanFormatError(Exception):
    """The document is not a valid plan; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class LoadResult:
    plan: Plan
    created: bool
    changed: int = 0
    counts: dict[str, int] = field(default_factory=dict)


# 1. Validation ---------------------------------------------------------------------------


class _Validator:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def obj(self, value: Any, path: str) -> dict:
        if not isinstance(value, dict):
            self.error(path, _("must be an object"))
            return {}
        return value

    def lst(self, value: Any, path: str) -> list:
        if not isinstance(value, list):
            self.error(path, _("must be a list"))
            return []
        return value

    def text(self, d: dict, key: str, path: str, required: bool = True) -> str:
        value = d.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.error(f"{path}.{key}", _("must be a non-empty text"))
            return ""
        return value.strip()

    def integer(self, d: dict, key: str, path: str, choices: tuple | None = None) -> int | None:
        value = d.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            self.error(f"{path}.{key}", _("must be a whole number"))
            return None
        if choices and value not in choices:
            self.error(
                f"{path}.{key}",
                _("must be one of %(choices)s") % {"choices": ", ".join(map(str, choices))},
            )
            return None
        return value

    def decimal(
        self, value: Any, path: str, nullable: bool = True, non_negative: bool = False
    ) -> Decimal | None:
        if value is None:
            if not nullable:
                self.error(path, _("is required"))
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(path, _('must be a number written as text, e.g. "12.50"'))
            return None
        text = str(value).strip()
        if not _NUMBER.match(text):
            self.error(
                path, _('“%(value)s” is not a number (use a dot: "12.50")') % {"value": value}
            )
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - guarded by the pattern
            self.error(path, _("“%(value)s” is not a number") % {"value": value})
            return None
        if non_negative and number < 0:
            self.error(path, _("must not be negative"))
            return None
        return number

    def year_map(
        self, value: Any, path: str, years: range, non_negative: bool = False
    ) -> dict[int, Decimal | None]:
        result: dict[int, Decimal | None] = {}
        if not isinstance(value, dict):
            self.error(path, _("must be an object keyed by year"))
            return result
        for key, raw in value.items():
            if not (isinstance(key, str) and key.isdigit() and int(key) in years):
                self.error(
                    f"{path}.{key}",
                    _("unknown year (the plan covers %(start)s–%(end)s)")
                    % {"start": years.start, "end": years.stop - 1},
                )
                continue
            result[int(key)] = self.decimal(raw, f"{path}.{key}", non_negative=non_negative)
        return result


def validate_document(doc: Any) -> dict:
    """Check the whole document; return it normalised or raise ``PlanFormatError``."""
    v = _Validator()
    doc = v.obj(doc, "$")
    if doc.get("format", FORMAT) != FORMAT:
        v.error(
            "format",
            _("unsupported format “%(f)s” (expected %(e)s)")
            % {"f": doc.get("format"), "e": FORMAT},
        )
    p = v.obj(doc.get("plan"), "plan")
    plan = {
        "institution": v.text(p, "institution", "plan"),
        "name": v.text(p, "name", "plan"),
        "start_year": v.integer(p, "start_year", "plan"),
        "end_year": v.integer(p, "end_year", "plan"),
        "mission": v.text(p, "mission", "plan", required=False),
        "vision": v.text(p, "vision", "plan", required=False),
        "core_values": [
            str(x).strip() for x in v.lst(p.get("core_values", []), "plan.core_values")
        ],
    }
    start, end = plan["start_year"] or 0, plan["end_year"] or 0
    if start and end and end < start:
        v.error("plan.end_year", _("must not be before start_year"))
    years = range(start, end + 1)

    units: list[str] = []
    for i, name in enumerate(v.lst(doc.get("units"), "units")):
        if not isinstance(name, str) or not name.strip():
            v.error(f"units[{i}]", _("must be a non-empty text"))
        elif name.strip() in units:
            v.error(f"units[{i}]", _("duplicate unit “%(name)s”") % {"name": name})
        else:
            units.append(name.strip())
    known_units = set(units)

    def unit_ref(name: Any, path: str) -> str | None:
        if not isinstance(name, str) or name.strip() not in known_units:
            v.error(path, _("unknown unit “%(name)s” (not in “units”)") % {"name": name})
            return None
        return name.strip()

    aims: list[dict] = []
    aim_codes: set[str] = set()
    target_codes: set[str] = set()
    for ai, a_raw in enumerate(v.lst(doc.get("aims"), "aims")):
        ap = f"aims[{ai}]"
        a = v.obj(a_raw, ap)
        aim = {"code": v.text(a, "code", ap), "title": v.text(a, "title", ap), "targets": []}
        if aim["code"] in aim_codes:
            v.error(f"{ap}.code", _("duplicate aim code “%(code)s”") % {"code": aim["code"]})
        aim_codes.add(aim["code"])
        for ti, t_raw in enumerate(v.lst(a.get("targets"), f"{ap}.targets")):
            tp = f"{ap}.targets[{ti}]"
            t = v.obj(t_raw, tp)
            code = v.text(t, "code", tp)
            tp = f"{tp} ({code})" if code else tp
            if code in target_codes:
                v.error(f"{tp}.code", _("duplicate target code “%(code)s”") % {"code": code})
            target_codes.add(code)
            target = {
                "code": code,
                "title": v.text(t, "title", tp),
                "responsible_unit": unit_ref(t.get("responsible_unit"), f"{tp}.responsible_unit"),
                "cooperating_units": [
                    unit_ref(u, f"{tp}.cooperating_units[{k}]")
                    for k, u in enumerate(
                        v.lst(t.get("cooperating_units", []), f"{tp}.cooperating_units")
                    )
                ],
                "cooperating_all_units": bool(t.get("cooperating_all_units", False)),
                "activities": [],
                "risks": [str(x) for x in v.lst(t.get("risks", []), f"{tp}.risks")],
                "findings": [str(x) for x in v.lst(t.get("findings", []), f"{tp}.findings")],
                "needs": [str(x) for x in v.lst(t.get("needs", []), f"{tp}.needs")],
                "cost_estimate": v.decimal(
                    t.get("cost_estimate"), f"{tp}.cost_estimate", non_negative=True
                ),
                "costs_by_year": v.year_map(
                    t.get("costs_by_year", {}), f"{tp}.costs_by_year", years, non_negative=True
                ),
                "source_notes": [
                    str(x) for x in v.lst(t.get("source_notes", []), f"{tp}.source_notes")
                ],
                "indicators": [],
            }
            numbers: set[int] = set()
            for k, act_raw in enumerate(v.lst(t.get("activities", []), f"{tp}.activities")):
                act = v.obj(act_raw, f"{tp}.activities[{k}]")
                number = v.integer(act, "number", f"{tp}.activities[{k}]")
                if number in numbers:
                    v.error(
                        f"{tp}.activities[{k}].number",
                        _("duplicate activity number %(n)s") % {"n": number},
                    )
                numbers.add(number)
                target["activities"].append(
                    {"number": number, "text": v.text(act, "text", f"{tp}.activities[{k}]")}
                )
            orders: set[int] = set()
            for k, ind_raw in enumerate(v.lst(t.get("indicators"), f"{tp}.indicators")):
                ip = f"{tp}.indicators[{k}]"
                ind = v.obj(ind_raw, ip)
                order = v.integer(ind, "order", ip)
                if order in orders:
                    v.error(
                        f"{ip}.order",
                        _("duplicate indicator order %(n)s in target %(t)s")
                        % {"n": order, "t": code},
                    )
                orders.add(order)
                activity = ind.get("activity")
                if activity is not None and activity not in numbers:
                    v.error(
                        f"{ip}.activity",
                        _("activity %(n)s does not exist in target %(t)s")
                        % {"n": activity, "t": code},
                    )
                measure = ind.get("measure", Measure.LEVEL)
                if measure not in Measure.values:
                    v.error(
                        f"{ip}.measure",
                        _("must be one of %(choices)s") % {"choices": ", ".join(Measure.values)},
                    )
                direction = ind.get("direction", Direction.INCREASE)
                if direction not in Direction.values:
                    v.error(
                        f"{ip}.direction",
                        _("must be one of %(choices)s") % {"choices": ", ".join(Direction.values)},
                    )
                target["indicators"].append(
                    {
                        "order": order,
                        "code": v.text(ind, "code", ip),
                        "name": v.text(ind, "name", ip),
                        "weight": v.decimal(ind.get("weight"), f"{ip}.weight", non_negative=True),
                        "unit_of_measure": v.text(ind, "unit_of_measure", ip, required=False),
                        "baseline": v.decimal(ind.get("baseline"), f"{ip}.baseline"),
                        "planned_values": v.year_map(
                            ind.get("planned_values", {}), f"{ip}.planned_values", years
                        ),
                        "measure": measure,
                        "direction": direction,
                        "monitoring_frequency_months": v.integer(
                            ind, "monitoring_frequency_months", ip, (6, 12)
                        ),
                        "reporting_frequency_months": v.integer(
                            ind, "reporting_frequency_months", ip, (6, 12)
                        ),
                        "activity": activity,
                        "is_key": bool(ind.get("is_key", False)),
                        "card": ind.get("card", 1) if isinstance(ind.get("card", 1), int) else 1,
                    }
                )
            aim["targets"].append(target)
        aims.append(aim)

    target_orders = {
        t["code"]: {i["order"] for i in t["indicators"]} for a in aims for t in a["targets"]
    }
    kpis = []
    for k, raw in enumerate(
        v.lst(doc.get("key_performance_indicators", []), "key_performance_indicators")
    ):
        kp = f"key_performance_indicators[{k}]"
        kpi = v.obj(raw, kp)
        tcode, iorder = kpi.get("target"), kpi.get("indicator_order")
        if tcode is not None and (tcode not in target_orders or iorder not in target_orders[tcode]):
            v.error(
                kp,
                _("refers to an indicator that does not exist (%(t)s #%(o)s)")
                % {"t": tcode, "o": iorder},
            )
        kpis.append(
            {
                "order": v.integer(kpi, "order", kp),
                "name": v.text(kpi, "name", kp),
                "baseline": v.decimal(kpi.get("baseline"), f"{kp}.baseline"),
                "target_value": v.decimal(
                    kpi.get("target_value_2029", kpi.get("target_value")), f"{kp}.target_value_2029"
                ),
                "unit_of_measure": v.text(kpi, "unit_of_measure", kp, required=False),
                "target": tcode,
                "indicator_order": iorder,
            }
        )
    totals = []
    for k, raw in enumerate(v.lst(doc.get("cost_totals", []), "cost_totals")):
        cp = f"cost_totals[{k}]"
        row = v.obj(raw, cp)
        aim_code = row.get("aim")
        if aim_code is not None and aim_code not in aim_codes:
            v.error(f"{cp}.aim", _("unknown aim “%(code)s”") % {"code": aim_code})
        totals.append(
            {
                "label": v.text(row, "label", cp),
                "aim": aim_code,
                "total": v.decimal(row.get("total"), f"{cp}.total", non_negative=True),
                "by_year": v.year_map(
                    row.get("by_year", {}), f"{cp}.by_year", years, non_negative=True
                ),
            }
        )
    if v.errors:
        raise PlanFormatError(v.errors)
    return {"plan": plan, "units": units, "aims": aims, "kpis": kpis, "totals": totals}


def read_document(path: str | Path) -> Any:
    """Read a plan file; a missing file or broken JSON is a ``PlanFormatError``."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return json.load(fh)
    except FileNotFoundError:
        raise PlanFormatError([_("file not found: %(path)s") % {"path": path}])
    except json.JSONDecodeError as exc:
        raise PlanFormatError(
            [
                _("%(path)s is not valid JSON: line %(line)s, column %(col)s: %(msg)s")
                % {"path": path, "line": exc.lineno, "col": exc.colno, "msg": exc.msg}
            ]
        )


# 2. Loading ------------------------------------------------------------------------------


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
    return LoadResult(plan=plan, created=created, changed=w.changed, counts=counts)


# 3. Export -------------------------------------------------------------------------------


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


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
