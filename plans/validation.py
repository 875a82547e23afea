"""Validating a plan document: every problem is reported with its path
(``aims[0].targets[2].indicators[4].weight``), and nothing is written."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from indicators.models import Direction, Measure
from plans.document import FORMAT, PlanFormatError

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


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
