"""The table in a sheet: find the header among the first rows, map its columns, collect the
data rows (merged cells, formulas and hidden rows of an .xlsx included) into a `Sheet`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter, range_boundaries

from indicators.spreadsheets import limits
from indicators.spreadsheets.cells import CellError, is_blank
from indicators.spreadsheets.columns import (
    COL_CODE,
    COL_DEVIATION,
    COL_EXPLANATION,
    COL_NAME,
    COL_ORDER,
    COL_PERIOD,
    COL_PLANNED,
    COL_TARGET,
    COL_UOM,
    COL_VALUE,
    COLUMNS,
    REQUIRED_COLUMNS,
    header_key,
)
from indicators.spreadsheets.issues import FileRejected, Issue, reject


@dataclass
class Sheet:
    """A table read from an upload: known columns by name, rows with their number in the file.

    `rows` holds (row number, {column name: raw value}); blank rows are left out. Raw values
    are what the file holds (str, int, float, Decimal, datetime, bool, `CellError` or None).
    """

    name: str
    kind: str  # "xlsx" or "csv"
    columns: list[str]
    rows: list[tuple[int, dict[str, Any]]]
    notices: list[Issue] = field(default_factory=list)
    sha256: str = ""
    errors: list[Issue] = field(default_factory=list)
    """Problems of single cells found while reading (merged value cells, runaway CSV quotes):
    the dry run reports them with the rows' own errors."""
    positions: dict[str, int] = field(default_factory=dict)
    """The position (0-based) of each known column in the file."""


@dataclass
class SheetFacts:
    """What a quick scan of a worksheet's XML tells, without openpyxl's cell objects."""

    last_row: int | None = 0
    """The last row holding a value or formula (None: unknown, read everything)."""
    formulas: bool = False
    hidden: list[int] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)


def header_map(row: list[Any]) -> tuple[dict[str, int], list[tuple[int, str]], list[str]]:
    """Known columns by position, unknown header cells, names given twice."""
    index: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    twice: list[str] = []
    for position, raw in enumerate(row):
        if is_blank(raw) or isinstance(raw, CellError):
            continue
        known = header_key(raw)
        if known is None:
            unknown.append((position, " ".join(str(raw).split())))
        elif known in index:
            twice.append(known)
        else:
            index[known] = position
    return index, unknown, twice


def find_header(records: list[tuple[int, list[Any]]]) -> int | None:
    """The position in `records` (non-blank rows) of the first one with every required column."""
    for i, (_number, row) in enumerate(records[: limits.HEADER_SCAN_ROWS]):
        index, _unknown, _twice = header_map(row)
        if all(c in index for c in REQUIRED_COLUMNS):
            return i
    return None


def rows_text(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    return shown + (" …" if len(numbers) > 10 else "")


def sheet_from_records(
    name: str,
    kind: str,
    records: list[tuple[int, list[Any]]],
    formulas: dict[tuple[int, int], bool] | None = None,
    facts: SheetFacts | None = None,
    title: str | None = None,
    cell_problems: list[tuple[int, int, str]] = (),
) -> Sheet:
    """Find the header, map its columns, collect the data rows."""
    records = [(n, row) for n, row in records if not all(is_blank(v) for v in row)]
    if not records:
        raise reject(_("The file is empty."))
    found = find_header(records)
    notices: list[Issue] = []
    if found is None:
        best = max(records[: limits.HEADER_SCAN_ROWS], key=lambda r: len(header_map(r[1])[0]))
        index = header_map(best[1])[0]
        missing = [c for c in REQUIRED_COLUMNS if c not in index]
        message = _(
            "Required columns are missing: %(columns)s. A row at the top of the sheet must "
            "hold the column names of the template (%(all)s)."
        ) % {"columns": ", ".join(missing), "all": ", ".join(COLUMNS)}
        if title is not None:
            message += " " + _('(Sheet "%(sheet)s" was read.)') % {"sheet": title}
        raise reject(message)
    header_number, header = records[found]
    if found:
        notices.append(
            Issue(
                _("Rows above the column names were skipped: %(rows)s.")
                % {"rows": rows_text([n for n, _r in records[:found]])}
            )
        )
    index, unknown, twice = header_map(header)
    if twice:
        raise FileRejected(
            [Issue(_('The column "%(name)s" appears twice.') % {"name": c}) for c in twice]
        )
    for position, raw in unknown:
        notices.append(
            Issue(
                _('Unknown column "%(name)s" is ignored.') % {"name": raw},
                column=get_column_letter(position + 1) if kind == "xlsx" else None,
            )
        )
    by_position = {position: column for column, position in index.items()}
    errors = [
        Issue(message, row=number, column=by_position[position])
        for number, position, message in cell_problems
        if position in by_position and number > header_number
    ]
    body = records[found + 1 :]
    if facts is not None and facts.merges:
        body = _unmerge(body, facts.merges, index, header_number, errors, notices)
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, raw in body:
        values = {column: raw[pos] if pos < len(raw) else None for column, pos in index.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        rows.append((number, values))
    if not rows:
        raise reject(_("The file has column names but no data rows: there is nothing to import."))
    if len(rows) > limits.MAX_ROWS:
        raise reject(_("The file has more than %(max)s rows.") % {"max": limits.MAX_ROWS})
    if formulas:
        data_rows = {n for n, _v in rows}
        used = 0
        problems = []
        for (number, col), has_value in sorted(formulas.items()):
            column = by_position.get(col - 1)
            if column is None or number not in data_rows:
                continue
            if not has_value:
                problems.append(
                    Issue(
                        _(
                            "The cell holds a formula without a computed value. Open the file "
                            "in Excel and save it, or paste the values instead of the formula."
                        ),
                        row=number,
                        column=column,
                    )
                )
            else:
                used += 1
        if problems:
            raise FileRejected(problems)
        if used:
            notices.append(
                Issue(
                    _("%(count)s cells hold formulas: the values Excel computed were used.")
                    % {"count": used}
                )
            )
    if facts is not None and facts.hidden:
        data_rows = {n for n, _v in rows}
        hidden = [n for n in facts.hidden if n in data_rows]
        if hidden:
            notices.append(
                Issue(
                    _(
                        "Rows hidden in Excel were read too: %(rows)s. Delete the rows you do "
                        "not want to import."
                    )
                    % {"rows": rows_text(hidden)}
                )
            )
    return Sheet(
        name=name,
        kind=kind,
        columns=list(index),
        rows=rows,
        notices=notices,
        errors=errors,
        positions=index,
    )


_FILLED = (COL_TARGET, COL_ORDER, COL_CODE, COL_NAME, COL_UOM, COL_PLANNED, COL_PERIOD)
_SHARED_TEXT = (COL_EXPLANATION, COL_DEVIATION)


def _unmerge(
    body: list[tuple[int, list[Any]]],
    merges: list[str],
    index: dict[str, int],
    header_number: int,
    errors: list[Issue],
    notices: list[Issue],
) -> list[tuple[int, list[Any]]]:
    """Vertically merged cells: a key or text cell holds for every row it covers (as Excel
    shows it); a merged `Değer` is refused (whose value would it be?)."""
    by_position = {position: column for column, position in index.items()}
    rows = {number: list(raw) for number, raw in body}
    filled: list[str] = []
    for ref in merges:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if max_row <= min_row or min_row <= header_number:
            continue
        column = by_position.get(min_col - 1)
        if column is None:
            continue
        if column == COL_VALUE:
            errors.append(
                Issue(
                    _(
                        "The cells %(range)s are merged, so several rows share one value. "
                        "Unmerge them and write each row's value."
                    )
                    % {"range": ref},
                    row=min_row,
                    column=column,
                )
            )
            continue
        if column not in _FILLED + _SHARED_TEXT:
            continue
        top = rows.get(min_row)
        value = top[min_col - 1] if top is not None and min_col - 1 < len(top) else None
        for number in range(min_row + 1, max_row + 1):
            row = rows.get(number)
            if row is None:
                continue
            while len(row) < min_col:
                row.append(None)
            if is_blank(row[min_col - 1]):
                row[min_col - 1] = value
        filled.append(ref)
    if filled:
        notices.append(
            Issue(
                _("Merged cells (%(ranges)s) were read as if each row they cover held the value.")
                % {"ranges": ", ".join(filled[:10]) + (" …" if len(filled) > 10 else "")}
            )
        )
    return [(number, rows[number]) for number, _raw in body]
