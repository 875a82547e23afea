"""The dry run of an import: what each row would do, and every problem found.

    import_preview(plan=, user=, sheet=)  → Preview (rows with their action, errors, warnings)

The parts: the plan's data and the lock rules (`preview_data`), the row's keys
(`preview_keys`), the cells' values (`preview_values`); the entry rules are the entry form's
(`indicators.entry_rules`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from goals import permissions
from goals.models import Plan
from indicators import selectors
from indicators.entry_rules import (
    KEEP,
    EntryRow,
    StoredActual,
    validate_entry_rows,
)
from indicators.models import Indicator, Period
from indicators.spreadsheets.cells import cell_text
from indicators.spreadsheets.columns import (
    COL_CODE,
    COL_DEVIATION,
    COL_EXPLANATION,
    COL_TARGET,
    COL_VALUE,
    code_key,
)
from indicators.spreadsheets.issues import Issue
from indicators.spreadsheets.preview_data import (
    PREVIEW_QUERIES,
    indicator_facts,
    load_plan_data,
    lock_errors,
)
from indicators.spreadsheets.preview_keys import row_keys
from indicators.spreadsheets.preview_values import (
    cell_problem,
    input_value,
    is_no_data,
    row_content,
    style_notice,
    value_texts,
)
from indicators.spreadsheets.table import Sheet
from karsplan.lib.numbers import number_style

__all__ = ["FIELD_COLUMNS", "PREVIEW_QUERIES", "Action", "Preview", "PreviewRow", "import_preview"]


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
    no_data: bool = False
    """The row declares "veri yok" (its `Açıklama` is the reason)."""

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
                f"{r.explanation}|{r.deviation_reason}|{r.no_data}\n".encode()
            )
        return h.hexdigest()

    def groups(self) -> dict[tuple[int, int], list[PreviewRow]]:
        """Rows that change something, by (unit pk, period pk): one save per group."""
        out: dict[tuple[int, int], list[PreviewRow]] = defaultdict(list)
        for r in self.changes:
            out[(r.unit_id, r.period.pk)].append(r)
        return dict(out)


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
       written as text are read in the file's decimal style (`number_style`); a `Değer` of
       "veri yok" (any case) declares that there is no data, and its `Açıklama` (the reason)
       is then required in the file; then the entry form's rules
       (`indicators.entry_rules.validate_entry_rows`), per unit and period: refusals are
       errors, confirmations are warnings.

    A blank input cell keeps what is saved; a number withdraws a "veri yok" declaration.
    Runs `PREVIEW_QUERIES` queries.
    """
    today = today or timezone.localdate()
    settings = selectors.computation_settings()
    data = load_plan_data(plan)
    strategy = permissions.is_strategy(user)
    own_units = permissions.unit_ids(user)
    errors: list[Issue] = list(sheet.errors)
    warnings: list[Issue] = []
    notices: list[Issue] = list(sheet.notices)
    style = number_style(value_texts(sheet))
    notice = style_notice(sheet, style)
    if notice is not None:
        notices.append(notice)
    seen: dict[tuple[int, int], tuple[int, tuple]] = {}
    repeats: list[tuple[int, int]] = []
    keyed: list[tuple[int, dict[str, Any], Indicator, Period]] = []
    for number, values in sheet.rows:
        found = row_keys(data, number, values, errors)
        if found is None:
            continue
        indicator, period = found
        content = row_content(values, style)
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
        facts = {ind.pk: indicator_facts(data, ind, period) for _n, _v, ind, _p in items}
        entry_rows = {}
        cell_errors: dict[int, list[Issue]] = defaultdict(list)
        for number, values, ind, _p in items:
            stored = facts[ind.pk].stored
            declared = is_no_data(values.get(COL_VALUE))
            value, problem = (None, None) if declared else input_value(values.get(COL_VALUE), style)
            if problem is not None:
                cell_errors[ind.pk].append(Issue(problem, row=number, column=COL_VALUE))
            texts = {}
            for column in (COL_EXPLANATION, COL_DEVIATION):
                raw = values.get(column)
                text_problem = cell_problem(raw, column)
                if text_problem is not None:
                    cell_errors[ind.pk].append(Issue(text_problem, row=number, column=column))
                    raw = None
                texts[column] = cell_text(raw)
            entry_rows[ind.pk] = EntryRow(
                indicator_id=ind.pk,
                value=None if declared else KEEP if value is None else value,
                # A declaration's reason is read from the file: a blank Açıklama is no reason
                # (the entry rules refuse the row), not "keep the saved text".
                explanation=(texts[COL_EXPLANATION] or "") if declared else texts[COL_EXPLANATION],
                deviation_reason=texts[COL_DEVIATION],
                version=stored.version if stored else 0,
                no_data=True if declared else None if value is None else False,
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
                row_errors.extend(lock_errors(data, period, unit_id, number, today, strategy))
            code = cell_text(values.get(COL_CODE))
            if code and code_key(code) != code_key(ind.code):
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
                    raw_value=cell_text(values.get(COL_VALUE)) or "",
                    no_data=parsed.no_data if parsed else False,
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
