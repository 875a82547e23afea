"""openpyxl helpers shared by the workbook writers (the entry template, the results and plan
exports, the report): header styles, column widths, the frozen header, the filter, numbers.

    put(ws, row, column, value) → cell     append(ws, values)     (every cell goes through them)
    write_table(ws, headers, rows, row=1, style=DARK_HEADER, widths=…, formats=…) → next row
    write_header(ws, headers, row=1, style=DARK_HEADER, widths=…)
    style_header(cell, style)     set_widths(ws, widths)     freeze_below(ws, row, column=1)
    top_aligned(wrap=False)     TITLE, BOLD, WRAP, UNLOCKED (the fonts, alignments, protection)
    add_filter(ws, row, columns, last_row)    excel_number(value)    workbook_bytes(wb)

Every value is written through `karsplan.lib.cells.safe_cell`: text that a spreadsheet could
run as a formula is prefixed with "'" and is a string cell, numbers stay numbers (see
docs/excel.md, "Formula safety"). Without Django: the callers translate their headers.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from karsplan.lib.cells import safe_cell

NUMBER = "#,##0.00"
"""Two decimals with grouping: Excel shows 1.234,56 to a Turkish reader."""
INTEGER = "0"

DARK_BLUE = "1F4E79"
GREEN = "2E7D32"
GREY = "E7E9EE"
LIGHT_GREY = "E9EDF2"

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
"""A sheet's title (the report's first row)."""
WHITE_BOLD = Font(bold=True, color="FFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top")
"""Long text in a data cell; also the light header's alignment."""
WRAP_CENTER = Alignment(vertical="center", wrap_text=True)
UNLOCKED = Protection(locked=False)
"""A cell that stays editable on a protected sheet (the entry template's input columns)."""


def top_aligned(wrap: bool = False) -> Alignment:
    """Aligned to the top of the cell, wrapped or not (`top_aligned(True)` is `WRAP`)."""
    return Alignment(wrap_text=wrap, vertical="top")


LONG_TEXT = 40
"""`write_table` wraps text cells longer than this (when asked to)."""


def solid(color: str) -> PatternFill:
    """A solid fill of one colour (RGB hex, "1F4E79")."""
    return PatternFill("solid", start_color=color, end_color=color)


@dataclass(frozen=True)
class HeaderStyle:
    fill: PatternFill
    font: Font
    alignment: Alignment


DARK_HEADER = HeaderStyle(solid(DARK_BLUE), WHITE_BOLD, WRAP_CENTER)
"""White bold on dark blue: the data files (template, exports)."""
INPUT_HEADER = HeaderStyle(solid(GREEN), WHITE_BOLD, WRAP_CENTER)
"""White bold on green: the columns of the entry template that are filled in."""
LIGHT_HEADER = HeaderStyle(solid(LIGHT_GREY), BOLD, WRAP)
"""Bold on light grey: the report's tables."""
CONTEXT_FILL = solid(GREY)
"""Grey cells: context that is read, not filled in (the entry template)."""


def put(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write `value` to a cell as data, never as a formula (`safe_cell`); returns the cell."""
    cell = ws.cell(row=row, column=column)
    cell.value = safe_cell(value)
    return cell


def append(ws: Any, values: Sequence[Any]) -> None:
    """`values` as the sheet's next row (as `ws.append` does), each through `safe_cell`."""
    ws.append([safe_cell(value) for value in values])


def style_header(cell: Any, style: HeaderStyle = DARK_HEADER) -> None:
    cell.font = style.font
    cell.fill = style.fill
    cell.alignment = style.alignment


def set_widths(ws: Any, widths: Mapping[int, float | None] | Sequence[float | None]) -> None:
    """Column widths by position (1-based in a mapping; a sequence starts at column A).
    None leaves a column as it is."""
    items = widths.items() if isinstance(widths, Mapping) else enumerate(widths, start=1)
    for position, width in items:
        if width is not None:
            ws.column_dimensions[get_column_letter(position)].width = width


def write_header(
    ws: Any,
    headers: Sequence[str],
    *,
    row: int = 1,
    style: HeaderStyle = DARK_HEADER,
    widths: Mapping[int, float | None] | Sequence[float | None] = (),
) -> None:
    """The header cells at `row`, styled, and the columns' widths."""
    for position, header in enumerate(headers, start=1):
        style_header(put(ws, row, position, header), style)
    set_widths(ws, widths)


def freeze_below(ws: Any, row: int, column: int = 1) -> None:
    """Keep rows up to `row` (and the columns left of `column`) in view when scrolling."""
    ws.freeze_panes = f"{get_column_letter(column)}{row + 1}"


def add_filter(ws: Any, row: int, columns: int, last_row: int) -> None:
    """A filter on the header at `row` over `columns` columns, down to `last_row` (at least
    the row below the header)."""
    ws.auto_filter.ref = f"A{row}:{get_column_letter(columns)}{max(last_row, row + 1)}"


def header_widths(headers: Sequence[str], widths: Mapping[int, float] | None = None) -> list[float]:
    """Widths from the header's length (10 to 40), except the positions (1-based) given."""
    widths = widths or {}
    return [
        widths.get(position, max(10, min(len(header) + 4, 40)))
        for position, header in enumerate(headers, start=1)
    ]


def write_table(
    ws: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    row: int = 1,
    style: HeaderStyle = DARK_HEADER,
    widths: Mapping[int, float | None] | Sequence[float | None] = (),
    formats: Sequence[str | None] = (),
    wrap_long: bool = False,
) -> int:
    """A header at `row` and the rows below it, the header frozen, a filter on it.

    `formats` holds a number format per column (None: none) given to the numeric cells;
    `wrap_long` wraps text cells longer than `LONG_TEXT`. Values are written through `put`
    (see `excel_number` for Decimals). Returns the next free row."""
    write_header(ws, headers, row=row, style=style, widths=widths)
    freeze_below(ws, row)
    for r, values in enumerate(rows, start=row + 1):
        for c, value in enumerate(values, start=1):
            cell = put(ws, r, c, value)
            fmt = formats[c - 1] if c <= len(formats) else None
            if fmt and isinstance(value, int | float | Decimal):
                cell.number_format = fmt
            elif wrap_long and isinstance(value, str) and len(value) > LONG_TEXT:
                cell.alignment = WRAP
    add_filter(ws, row, len(headers), row + len(rows))
    return row + len(rows) + 1


def excel_number(value: Any) -> Any:
    """A Decimal as a number Excel can sum: an int when whole, else a float (Excel has no
    decimals). Other values are returned as they are."""
    if isinstance(value, Decimal):
        normal = value.normalize()
        return int(normal) if normal == normal.to_integral_value() else float(normal)
    return value


def workbook_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
