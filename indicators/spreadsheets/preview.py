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
    CellError,
    Issue,
    Sheet,
    cell_text,
    fold,
    is_blank,
    period_label,
    period_parse,
)
from karsplan.lib.numbers import (
    AMBIGUOUS,
    EN,
    TR,
    format_tr_auto,
    number_parse,
    number_shape,
    number_style,
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
    loose_targets: dict[str, Target | None]
    """Targets by `_loose_code` ("H 1.1", "h1,1", "Hedef 1.1", "1.1"); None if two share one."""
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
    loose: dict[str, Target | None] = {}
    for t in targets:
        key = _loose_code(t.code)
        loose[key] = None if key in loose else t
    return _PlanData(
        targets={fold(t.code): t for t in targets},
        loose_targets=loose,
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


def _loose_code(text: str) -> str:
    """A target code as people type it: "H 1.1", "h1,1", "Hedef 1.1" and "1.1" → "1.1"."""
    key = re.sub(r"\s+", "", fold(text)).replace(",", ".")
    return re.sub(r"^(hedef|h)", "", key)


def _cell_problem(raw: Any, column: str) -> str | None:
    """Why a cell cannot be read in a key or input column: an Excel error, TRUE/FALSE, or a
    date where a number or a period is meant. None when the cell is fine (or blank)."""
    if isinstance(raw, CellError):
        return _(
            "The cell shows the Excel error %(error)s instead of a value. Correct the formula or "
            "the cell in Excel, or clear it."
        ) % {"error": raw}
    if column in (COL_EXPLANATION, COL_DEVIATION, COL_CODE):
        return None
    if isinstance(raw, bool):
        return _("The cell holds TRUE or FALSE (a logical value), not a number.")
    if isinstance(raw, dt.datetime | dt.date | dt.time):
        if column == COL_PERIOD:
            return _(
                "The cell holds a date (%(date)s): Excel turned the period into a date. "
                "Format the cell as text and write the period like 2025-H1."
            ) % {"date": cell_text(raw)}
        return _(
            "The cell holds a date (%(date)s), not a number: Excel turns numbers such as 4.3 "
            "into dates. Format the cell as a number and write the value again."
        ) % {"date": cell_text(raw)}
    return None


def _cell_value(raw: Any, style: str) -> tuple[Any, str | None]:
    """An input cell for the entry rules and the problem with it: blank → None; a float →
    Decimal (four places: Excel has only binary floats); text in the file's number `style`
    → Decimal; other text as is (the rules refuse it with their own message)."""
    if is_blank(raw):
        return None, None
    problem = _cell_problem(raw, COL_VALUE)
    if problem is not None:
        return None, problem
    if isinstance(raw, float):
        return Decimal(repr(raw)).quantize(Decimal(1).scaleb(-VALUE_PLACES), ROUND_HALF_UP), None
    if isinstance(raw, Decimal):
        return raw.quantize(Decimal(1).scaleb(-VALUE_PLACES), ROUND_HALF_UP).normalize(), None
    if isinstance(raw, str):
        number = number_parse(raw, style)
        if number is not None:
            return number, None
        shape = number_shape(raw)
        if shape is not None and shape.style == AMBIGUOUS:
            return None, _(
                '"%(text)s" can be read as %(tr)s or as %(en)s: the file writes decimals both '
                "with a comma and with a point. Write it without a thousands separator."
            ) % {
                "text": raw.strip(),
                "tr": format_tr_auto(number_parse(raw, TR)),
                "en": format_tr_auto(number_parse(raw, EN)),
            }
    return raw, None


def _cell_text(raw: Any) -> str | None:
    return cell_text(raw)


def _value_texts(sheet: Sheet) -> list[str]:
    return [
        v
        for _n, values in sheet.rows
        if isinstance(v := values.get(COL_VALUE), str) and not isinstance(v, CellError)
    ]


def _style_notice(sheet: Sheet, style: str) -> Issue | None:
    """Say so when the file's decimal points changed how a number like 1.500 was read."""
    if style != EN:
        return None
    example = next(
        (
            (n, v)
            for n, values in sheet.rows
            if isinstance(v := values.get(COL_VALUE), str)
            and (s := number_shape(v)) is not None
            and s.style == EN
        ),
        None,
    )
    ambiguous = [
        (n, v)
        for n, values in sheet.rows
        if isinstance(v := values.get(COL_VALUE), str)
        and (s := number_shape(v)) is not None
        and s.style == AMBIGUOUS
    ]
    if not ambiguous or example is None:
        return None
    row, text = ambiguous[0]
    return Issue(
        _(
            'The file writes numbers with a decimal point (row %(example_row)s: "%(example)s"), '
            'so "%(text)s" (row %(row)s) and similar numbers were read the same way: %(value)s.'
        )
        % {
            "example_row": example[0],
            "example": example[1].strip(),
            "text": text.strip(),
            "row": row,
            "value": format_tr_auto(number_parse(text, EN)),
        }
    )


FIELD_COLUMNS = {
    "value": COL_VALUE,
    "explanation": COL_EXPLANATION,
    "deviation_reason": COL_DEVIATION,
}


def import_preview(*, plan: Plan, user: Any, sheet: Sheet, today: dt.date | None = None) -> Preview:
    """The dry run: check every row of `sheet` and say what it would do. Writes nothing.

    1. keys: `Hedef` must be a target of the plan, `Sıra` one of its indicators, `Dönem` a
       period of the plan written like 2025-H1; a (Hedef, Sıra, Dönem) given twice with
       different contents is an error (an exact repeat is skipped with a notice);
    2. permissions: unit staff import only their units' indicators, and change values only in
       periods open for entry whose submission is still editable; the strategy office imports
       into any period of the plan, locked or not;
    3. values: a cell that holds an Excel error, a date or TRUE/FALSE is an error; numbers
       written as text are read in the file's decimal style (`number_style`); then the entry
       form's rules (`indicators.entry_rules.validate_entry_rows`), per unit and period:
       refusals are errors, confirmations are warnings.

    A blank input cell keeps what is saved. Runs `PREVIEW_QUERIES` queries.
    """
    today = today or timezone.localdate()
    settings = selectors.computation_settings()
    data = _load(plan)
    strategy = permissions.is_strategy(user)
    own_units = permissions.unit_ids(user)
    errors: list[Issue] = list(sheet.errors)
    warnings: list[Issue] = []
    notices: list[Issue] = list(sheet.notices)
    style = number_style(_value_texts(sheet))
    style_notice = _style_notice(sheet, style)
    if style_notice is not None:
        notices.append(style_notice)
    seen: dict[tuple[int, int], tuple[int, tuple]] = {}
    repeats: list[tuple[int, int]] = []
    keyed: list[tuple[int, dict[str, Any], Indicator, Period]] = []
    for number, values in sheet.rows:
        found = _row_keys(data, number, values, errors)
        if found is None:
            continue
        indicator, period = found
        content = _content(values, style)
        first = seen.get((indicator.pk, period.pk))
        if first is not None:
            if first[1] == content:
                repeats.append((number, first[0]))
                continue
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
                        "first": first[0],
                    },
                    row=number,
                    column=COL_TARGET,
                )
            )
            continue
        seen[(indicator.pk, period.pk)] = (number, content)
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
    if repeats:
        notices.append(
            Issue(
                _("Rows repeating an earlier row exactly were skipped: %(rows)s.")
                % {
                    "rows": ", ".join(
                        _("%(row)s (as %(first)s)") % {"row": n, "first": f} for n, f in repeats
                    )
                }
            )
        )

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
        cell_errors: dict[int, list[Issue]] = defaultdict(list)
        for number, values, ind, _p in items:
            stored = facts[ind.pk].stored
            value, problem = _cell_value(values.get(COL_VALUE), style)
            if problem is not None:
                cell_errors[ind.pk].append(Issue(problem, row=number, column=COL_VALUE))
            texts = {}
            for column in (COL_EXPLANATION, COL_DEVIATION):
                raw = values.get(column)
                text_problem = _cell_problem(raw, column)
                if text_problem is not None:
                    cell_errors[ind.pk].append(Issue(text_problem, row=number, column=column))
                    raw = None
                texts[column] = _cell_text(raw)
            entry_rows[ind.pk] = EntryRow(
                indicator_id=ind.pk,
                value=KEEP if value is None else value,
                explanation=texts[COL_EXPLANATION],
                deviation_reason=texts[COL_DEVIATION],
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
            row_errors[:0] = cell_errors.get(ind.pk, [])
            stored = facts[ind.pk].stored
            if parsed is None or not (parsed.changed or cell_errors.get(ind.pk)):
                action = Action.UNCHANGED
            else:
                action = Action.CREATED if stored is None else Action.CHANGED
            if action != Action.UNCHANGED:
                row_errors.extend(_lock_errors(data, period, unit_id, number, today, strategy))
            code = _cell_text(values.get(COL_CODE))
            if code and _code_key(code) != _code_key(ind.code):
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
        notices=notices,
    )


def _content(values: dict[str, Any], style: str) -> tuple:
    """What a row would write, to tell an exact repeat from a contradicting one."""
    value, problem = _cell_value(values.get(COL_VALUE), style)
    return (
        value if problem is None else problem,
        _cell_text(values.get(COL_EXPLANATION)) or "",
        _cell_text(values.get(COL_DEVIATION)) or "",
    )


def _code_key(code: str) -> str:
    """An indicator code for comparison: "PG 1.1.1", "p.g.1.1.1" and "P.G. 1.1.1" agree."""
    return re.sub(r"[^0-9a-z]", "", fold(code))


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
    raw_target = values.get(COL_TARGET)
    raw_order = values.get(COL_ORDER)
    raw_period = values.get(COL_PERIOD)
    if is_blank(raw_order) and is_blank(raw_period):
        errors.append(
            Issue(
                _(
                    "The row has no Sıra and no Dönem: each row must name a target (Hedef), an "
                    "indicator (Sıra) and a period (Dönem). Delete rows of notes or totals."
                ),
                row=number,
            )
        )
        return None
    for column, raw in ((COL_TARGET, raw_target), (COL_ORDER, raw_order), (COL_PERIOD, raw_period)):
        problem = _cell_problem(raw, column)
        if problem is not None:
            found_errors.append(Issue(problem, row=number, column=column))
    if found_errors:
        errors.extend(found_errors)
        return None
    target = None
    text_target = _cell_text(raw_target)
    if text_target is None:
        found_errors.append(Issue(_("The target is empty."), row=number, column=COL_TARGET))
    else:
        target = data.targets.get(fold(text_target))
        if target is None:
            key = _loose_code(text_target)
            target = data.loose_targets.get(key)
            if isinstance(raw_target, int | float | Decimal) and (
                target is None or data.loose_targets.get(key + "0") is not None
            ):
                target = None  # 1.1 or 1.10? a number cell drops the trailing zero
        if target is None:
            found_errors.append(
                Issue(
                    _('There is no target "%(code)s" in the plan.') % {"code": text_target},
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
                % {"text": _cell_text(raw_order)},
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
    text_period = _cell_text(raw_period)
    if text_period is None:
        found_errors.append(Issue(_("The period is empty."), row=number, column=COL_PERIOD))
    else:
        key = period_parse(text_period)
        if key is None:
            found_errors.append(
                Issue(
                    _('"%(text)s" is not a period: write it like 2025-H1 or 2025-H2.')
                    % {"text": text_period},
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
