"""The dry run of an import: what each row would do, and every problem found."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from goals import permissions
from goals.models import Plan, Target
from indicators import selectors, services
from indicators.entry_rules import (
    KEEP,
    EntryRow,
    IndicatorFacts,
    StoredActual,
    validate_entry_rows,
)
from indicators.models import (
    Actual,
    Indicator,
    LockException,
    Period,
    PlannedValue,
    Submission,
)
from indicators.spreadsheets.reading import (
    COL_CODE,
    COL_DEVIATION,
    COL_EXPLANATION,
    COL_ORDER,
    COL_PERIOD,
    COL_TARGET,
    COL_VALUE,
    VALUE_PLACES,
    Issue,
    Sheet,
    fold,
    is_blank,
    period_label,
    period_parse,
)


class Action(StrEnum):
    CREATED = "created"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass
class PreviewRow:
    """One row of the file as it would be saved."""

    row: int
    indicator: Indicator
    period: Period
    unit_id: int
    action: Action
    old: StoredActual | None
    value: Decimal | None
    explanation: str
    deviation_reason: str
    warnings: list[Issue] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    entry: EntryRow | None = None
    """The row as given to the entry rules (and, on confirmation, to `entries_save`)."""
    raw_value: str = ""
    """The `Değer` cell as written in the file (shown beside an error)."""

    @property
    def old_value(self) -> Decimal | None:
        return self.old.value if self.old else None

    @property
    def version(self) -> int:
        return self.old.version if self.old else 0


@dataclass
class Preview:
    """The dry run of an import: what each row would do, and every problem found.

    Nothing may be written unless `ok` (no error). Warnings (values the form would ask to
    confirm) do not stop the import: confirming the import confirms them.
    """

    plan: Plan
    sheet: Sheet
    rows: list[PreviewRow]
    errors: list[Issue]
    warnings: list[Issue]
    notices: list[Issue]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(Action, 0)
        for row in self.rows:
            counts[row.action] += 1
        return {str(k): v for k, v in counts.items()}

    @property
    def changes(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.action != Action.UNCHANGED]

    @property
    def digest(self) -> str:
        """A fingerprint of what would be written and of the saved versions it starts from:
        the confirmation is refused when it differs from the one the user saw."""
        h = hashlib.sha256(self.sheet.sha256.encode())
        for r in self.changes:
            h.update(
                f"{r.row}|{r.indicator.pk}|{r.period.pk}|{r.action}|{r.version}|{r.value}|"
                f"{r.explanation}|{r.deviation_reason}\n".encode()
            )
        return h.hexdigest()

    def groups(self) -> dict[tuple[int, int], list[PreviewRow]]:
        """Rows that change something, by (unit pk, period pk): one save per group."""
        out: dict[tuple[int, int], list[PreviewRow]] = defaultdict(list)
        for r in self.changes:
            out[(r.unit_id, r.period.pk)].append(r)
        return dict(out)


@dataclass
class _PlanData:
    """What the dry run needs of a plan, loaded in a fixed number of queries."""

    targets: dict[str, Target]
    indicators: dict[tuple[int, int], Indicator]
    periods: dict[tuple[int, int], Period]
    actuals: dict[tuple[int, int], Actual]
    planned: dict[tuple[int, int], Decimal]
    submissions: dict[tuple[int, int], Submission]
    exceptions: dict[tuple[int, int], list[LockException]]


PREVIEW_QUERIES = 7
"""Queries run by `import_preview` to load the plan, whatever the size of the file."""


def _load(plan: Plan) -> _PlanData:
    targets = list(Target.objects.filter(plan=plan).select_related("responsible_unit"))  # 1
    target_by_pk = {t.pk: t for t in targets}
    indicators = {}
    for ind in Indicator.objects.filter(target__plan=plan):  # 2
        ind.target = target_by_pk[ind.target_id]
        indicators[(ind.target_id, ind.order)] = ind
    periods = {(p.year, p.half): p for p in Period.objects.filter(plan=plan)}  # 3
    actuals = {
        (a.indicator_id, a.period_id): a
        for a in Actual.objects.filter(period__plan=plan)  # 4
    }
    planned = {
        (i, y): v
        for i, y, v in PlannedValue.objects.filter(indicator__target__plan=plan).values_list(  # 5
            "indicator_id", "year", "value"
        )
    }
    submissions = {
        (s.unit_id, s.period_id): s
        for s in Submission.objects.filter(period__plan=plan)  # 6
    }
    exceptions: dict[tuple[int, int], list[LockException]] = defaultdict(list)
    for e in LockException.objects.filter(period__plan=plan):  # 7
        exceptions[(e.unit_id, e.period_id)].append(e)
    return _PlanData(
        targets={fold(t.code): t for t in targets},
        indicators=indicators,
        periods=periods,
        actuals=actuals,
        planned=planned,
        submissions=submissions,
        exceptions=exceptions,
    )


def _facts(data: _PlanData, indicator: Indicator, period: Period) -> IndicatorFacts:
    """What the entry rules know about an indicator for a period (as the form's loader)."""
    actual = data.actuals.get((indicator.pk, period.pk))
    previous = []
    other_half = None
    for (year, half), p in sorted(data.periods.items()):
        if (year, half) >= (period.year, period.half):
            break
        earlier = data.actuals.get((indicator.pk, p.pk))
        if earlier is not None and earlier.value is not None:
            previous.append((p.label, earlier.value))
            if year == period.year:
                other_half = earlier.value
    return IndicatorFacts(
        id=indicator.pk,
        code=indicator.code,
        name=indicator.name,
        unit_of_measure=indicator.unit_of_measure,
        baseline=indicator.baseline,
        planned=data.planned.get((indicator.pk, period.year)),
        measure=indicator.measure,
        direction=indicator.direction,
        monitoring_frequency_months=indicator.monitoring_frequency_months,
        other_half_value=other_half,
        previous=tuple(previous),
        stored=_stored(actual),
    )


def _stored(actual: Actual | None) -> StoredActual | None:
    if actual is None:
        return None
    return StoredActual(
        value=actual.value,
        explanation=actual.explanation,
        deviation_reason=actual.deviation_reason,
        version=actual.version,
    )


def _order(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float | Decimal):
        return int(raw) if raw == int(raw) else None
    text = str(raw).strip()
    if re.fullmatch(r"\d+(\.0+|,0+)?", text):
        return int(re.split(r"[.,]", text)[0])
    return None


def _cell_value(raw: Any) -> Any:
    """An input cell for the entry rules: blank → None, a float → Decimal (four places:
    Excel has only binary floats), anything else as is (text is parsed by the rules)."""
    if is_blank(raw):
        return None
    if isinstance(raw, float):
        return Decimal(repr(raw)).quantize(Decimal(1).scaleb(-VALUE_PLACES), ROUND_HALF_UP)
    if isinstance(raw, Decimal):
        return raw.quantize(Decimal(1).scaleb(-VALUE_PLACES), ROUND_HALF_UP).normalize()
    return raw


def _cell_text(raw: Any) -> str | None:
    if is_blank(raw):
        return None
    if isinstance(raw, float) and raw == int(raw):
        raw = int(raw)
    return str(raw).strip()


FIELD_COLUMNS = {
    "value": COL_VALUE,
    "explanation": COL_EXPLANATION,
    "deviation_reason": COL_DEVIATION,
}


def import_preview(*, plan: Plan, user: Any, sheet: Sheet, today: dt.date | None = None) -> Preview:
    """The dry run: check every row of `sheet` and say what it would do. Writes nothing.

    1. keys: `Hedef` must be a target of the plan, `Sıra` one of its indicators, `Dönem` a
       period of the plan written like 2025-H1; a (Hedef, Sıra, Dönem) given twice is an error;
    2. permissions: unit staff import only their units' indicators, and change values only in
       periods open for entry whose submission is still editable; the strategy office imports
       into any period of the plan, locked or not;
    3. values: the entry form's rules (`indicators.entry_rules.validate_entry_rows`), per unit
       and period: refusals are errors, confirmations are warnings.

    A blank input cell keeps what is saved. Runs `PREVIEW_QUERIES` queries.
    """
    today = today or timezone.localdate()
    settings = selectors.computation_settings()
    data = _load(plan)
    strategy = permissions.is_strategy(user)
    own_units = permissions.unit_ids(user)
    errors: list[Issue] = []
    warnings: list[Issue] = []
    seen: dict[tuple[int, int], int] = {}
    keyed: list[tuple[int, dict[str, Any], Indicator, Period]] = []
    for number, values in sheet.rows:
        found = _row_keys(data, number, values, errors)
        if found is None:
            continue
        indicator, period = found
        first = seen.get((indicator.pk, period.pk))
        if first is not None:
            errors.append(
                Issue(
                    _(
                        "%(target)s / %(order)s / %(period)s is given twice (first in row "
                        "%(first)s)."
                    )
                    % {
                        "target": indicator.target.code,
                        "order": indicator.order,
                        "period": period.label,
                        "first": first,
                    },
                    row=number,
                    column=COL_TARGET,
                )
            )
            continue
        seen[(indicator.pk, period.pk)] = number
        unit_id = indicator.target.responsible_unit_id
        if not strategy and unit_id not in own_units:
            errors.append(
                Issue(
                    _(
                        "%(code)s of target %(target)s belongs to another unit (%(unit)s); you "
                        "can import only your unit's indicators."
                    )
                    % {
                        "code": indicator.code,
                        "target": indicator.target.code,
                        "unit": indicator.target.responsible_unit.name,
                    },
                    row=number,
                    column=COL_TARGET,
                )
            )
            continue
        keyed.append((number, values, indicator, period))

    rows: list[PreviewRow] = []
    by_group: dict[tuple[int, int], list[tuple[int, dict[str, Any], Indicator, Period]]] = (
        defaultdict(list)
    )
    for item in keyed:
        by_group[(item[2].target.responsible_unit_id, item[3].pk)].append(item)
    for (unit_id, _period_pk), items in by_group.items():
        period = items[0][3]
        facts = {ind.pk: _facts(data, ind, period) for _n, _v, ind, _p in items}
        entry_rows = {}
        for _number, values, ind, _p in items:
            stored = facts[ind.pk].stored
            value = _cell_value(values.get(COL_VALUE))
            entry_rows[ind.pk] = EntryRow(
                indicator_id=ind.pk,
                value=KEEP if value is None else value,
                explanation=_cell_text(values.get(COL_EXPLANATION)),
                deviation_reason=_cell_text(values.get(COL_DEVIATION)),
                version=stored.version if stored else 0,
            )
        check = validate_entry_rows(
            list(entry_rows.values()),
            facts,
            year=period.year,
            half=period.half,
            settings=settings,
        )
        row_of = {ind.pk: number for number, _v, ind, _p in items}
        problems: dict[int, tuple[list[Issue], list[Issue]]] = defaultdict(lambda: ([], []))
        for kind, found in ((0, check.errors), (1, check.warnings)):
            for problem in found:
                number = row_of.get(problem.key)
                issue = Issue(
                    problem.message,
                    row=number,
                    column=FIELD_COLUMNS.get(problem.field, COL_TARGET),
                    names_column=True,
                )
                problems[problem.key][kind].append(issue)
        for number, values, ind, _p in items:
            parsed = check.rows.get(ind.pk)
            row_errors, row_warnings = problems[ind.pk]
            stored = facts[ind.pk].stored
            if parsed is None or not parsed.changed:
                action = Action.UNCHANGED
            else:
                action = Action.CREATED if stored is None else Action.CHANGED
            if action != Action.UNCHANGED:
                row_errors.extend(_lock_errors(data, period, unit_id, number, today, strategy))
            code = _cell_text(values.get(COL_CODE))
            if code and fold(code) != fold(ind.code):
                row_warnings.append(
                    Issue(
                        _(
                            "The file says %(given)s but indicator %(target)s / %(order)s is "
                            "%(code)s: check that the row is the right one."
                        )
                        % {
                            "given": code,
                            "target": ind.target.code,
                            "order": ind.order,
                            "code": ind.code,
                        },
                        row=number,
                        column=COL_CODE,
                    )
                )
            errors.extend(row_errors)
            warnings.extend(row_warnings)
            rows.append(
                PreviewRow(
                    row=number,
                    indicator=ind,
                    period=period,
                    unit_id=unit_id,
                    action=action,
                    old=stored,
                    value=parsed.value if parsed else None,
                    explanation=parsed.explanation if parsed else "",
                    deviation_reason=parsed.deviation_reason if parsed else "",
                    warnings=row_warnings,
                    errors=row_errors,
                    entry=entry_rows[ind.pk],
                    raw_value=_cell_text(values.get(COL_VALUE)) or "",
                )
            )
    rows.sort(key=lambda r: r.row)
    errors.sort(key=lambda i: i.row or 0)
    warnings.sort(key=lambda i: i.row or 0)
    return Preview(
        plan=plan,
        sheet=sheet,
        rows=rows,
        errors=errors,
        warnings=warnings,
        notices=list(sheet.notices),
    )


def _lock_errors(
    data: _PlanData, period: Period, unit_id: int, number: int, today: dt.date, strategy: bool
) -> list[Issue]:
    """The entry form's lock rules (`services.entry_lock_check`): the period's window, a lock
    exception, the submission's status; the strategy office may ignore the window only."""
    state = selectors.entry_state(
        period=period,
        submission=data.submissions.get((unit_id, period.pk)),
        exceptions=data.exceptions.get((unit_id, period.pk), []),
        today=today,
    )
    try:
        services.entry_lock_check(state, ignore_lock=strategy)
    except services.EntryLocked as exc:
        return [
            Issue(
                _("%(period)s: %(message)s") % {"period": period.label, "message": exc.message},
                row=number,
                column=COL_PERIOD,
            )
        ]
    return []


def _row_keys(
    data: _PlanData, number: int, values: dict[str, Any], errors: list[Issue]
) -> tuple[Indicator, Period] | None:
    """The indicator and period a row is about, or None with the errors added."""
    found_errors: list[Issue] = []
    raw_target = _cell_text(values.get(COL_TARGET))
    raw_order = values.get(COL_ORDER)
    raw_period = _cell_text(values.get(COL_PERIOD))
    target = None
    if raw_target is None:
        found_errors.append(Issue(_("The target is empty."), row=number, column=COL_TARGET))
    else:
        target = data.targets.get(fold(raw_target))
        if target is None:
            found_errors.append(
                Issue(
                    _('There is no target "%(code)s" in the plan.') % {"code": raw_target},
                    row=number,
                    column=COL_TARGET,
                )
            )
    order = None if is_blank(raw_order) else _order(raw_order)
    if is_blank(raw_order):
        found_errors.append(Issue(_("The order is empty."), row=number, column=COL_ORDER))
    elif order is None:
        found_errors.append(
            Issue(
                _('"%(text)s" is not an indicator order (a whole number such as 1, 2, 3).')
                % {"text": raw_order},
                row=number,
                column=COL_ORDER,
            )
        )
    indicator = None
    if target is not None and order is not None:
        indicator = data.indicators.get((target.pk, order))
        if indicator is None:
            found_errors.append(
                Issue(
                    _("Target %(target)s has no indicator with order %(order)s.")
                    % {"target": target.code, "order": order},
                    row=number,
                    column=COL_ORDER,
                )
            )
    period = None
    if raw_period is None:
        found_errors.append(Issue(_("The period is empty."), row=number, column=COL_PERIOD))
    else:
        key = period_parse(raw_period)
        if key is None:
            found_errors.append(
                Issue(
                    _('"%(text)s" is not a period: write it like 2025-H1 or 2025-H2.')
                    % {"text": raw_period},
                    row=number,
                    column=COL_PERIOD,
                )
            )
        else:
            period = data.periods.get(key)
            if period is None:
                found_errors.append(
                    Issue(
                        _(
                            "The period %(period)s is not a period of the plan (%(first)s … "
                            "%(last)s)."
                        )
                        % {
                            "period": period_label(*key),
                            "first": period_label(min(data.periods)[0], 1) if data.periods else "–",
                            "last": period_label(max(data.periods)[0], 2) if data.periods else "–",
                        },
                        row=number,
                        column=COL_PERIOD,
                    )
                )
    errors.extend(found_errors)
    if found_errors or indicator is None or period is None:
        return None
    return indicator, period
