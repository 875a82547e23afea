"""The cells of a row in the dry run: what is wrong with a cell (an Excel error, a date,
TRUE/FALSE), the value for the entry rules, numbers written as text in the file's decimal
style."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from indicators.spreadsheets.cells import CellError, cell_text, is_blank
from indicators.spreadsheets.columns import (
    COL_CODE,
    COL_DEVIATION,
    COL_EXPLANATION,
    COL_PERIOD,
    COL_VALUE,
    NO_DATA_TEXT,
    fold,
)
from indicators.spreadsheets.issues import Issue
from indicators.spreadsheets.limits import VALUE_PLACES
from indicators.spreadsheets.table import Sheet
from karsplan.lib.numbers import (
    AMBIGUOUS,
    EN,
    TR,
    format_tr_auto,
    number_parse,
    number_shape,
)


def cell_problem(raw: Any, column: str) -> str | None:
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


def is_no_data(raw: Any) -> bool:
    """Whether a `Değer` cell declares "veri yok" (DESIGN.md §4): any case, with or without
    the dotted İ ("veri yok", "Veri Yok", "VERİ YOK", "VERI YOK")."""
    return isinstance(raw, str) and fold(raw).strip(" .") == NO_DATA_TEXT


def input_value(raw: Any, style: str) -> tuple[Any, str | None]:
    """An input cell for the entry rules and the problem with it: blank → None; a float →
    Decimal (four places: Excel has only binary floats); text in the file's number `style`
    → Decimal; other text as is (the rules refuse it with their own message)."""
    if is_blank(raw):
        return None, None
    problem = cell_problem(raw, COL_VALUE)
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


def value_texts(sheet: Sheet) -> list[str]:
    return [
        v
        for _n, values in sheet.rows
        if isinstance(v := values.get(COL_VALUE), str) and not isinstance(v, CellError)
    ]


def style_notice(sheet: Sheet, style: str) -> Issue | None:
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


def row_content(values: dict[str, Any], style: str) -> tuple:
    """What a row would write, to tell an exact repeat from a contradicting one."""
    raw = values.get(COL_VALUE)
    value, problem = (NO_DATA_TEXT, None) if is_no_data(raw) else input_value(raw, style)
    return (
        value if problem is None else problem,
        cell_text(values.get(COL_EXPLANATION)) or "",
        cell_text(values.get(COL_DEVIATION)) or "",
    )
