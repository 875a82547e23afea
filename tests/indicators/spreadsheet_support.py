"""Helpers of the spreadsheet import tests (tests/indicators/spreadsheets/, and the
view and command tests): files made small with openpyxl, csv or a few bytes of zip, the
import run on them, and what it refused.

The corpus of bad files (`BAD_FILES`) is shared with the view and command tests: each file
must be refused with its Turkish message and the database unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils.translation import gettext as _
from openpyxl import Workbook

from indicators import spreadsheets as ss
from indicators.models import Actual, Submission

OPEN_DAY = dt.date(2025, 7, 5)
"""2025-H1 is open for entry (1–15 July 2025)."""
LATE_DAY = dt.date(2025, 9, 1)
"""2025-H1's deadline has passed."""
HEADER = list(ss.COLUMNS)


def row(
    target: str = "H1.1",
    order: object = 1,
    period: str = "2025-H1",
    value: object = None,
    explanation: object = None,
    deviation: object = None,
    code: object = None,
) -> list:
    return [target, order, code, None, None, None, period, value, explanation, deviation]


def xlsx(rows: list[list], header: list | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER if header is None else header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def workbook(rows: list[list], header: list | None = None, above: tuple = ()) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = ss.SHEET_TITLE
    for r in above:
        ws.append(r)
    ws.append(HEADER if header is None else header)
    for r in rows:
        ws.append(r)
    return wb


def saved(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(
    rows: list[list],
    header: list | None = None,
    delimiter: str = ",",
    bom: bool = False,
    encoding: str = "utf-8",
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(HEADER if header is None else header)
    for r in rows:
        writer.writerow(["" if v is None else v for v in r])
    return ("\ufeff" if bom else "").encode(encoding) + out.getvalue().encode(encoding)


def zipped(files: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return out.getvalue()


def patched_sheet(data: bytes, change) -> bytes:
    """The workbook with its first sheet's XML passed through `change` (bytes → bytes)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            dst.writestr(item, content)
    return out.getvalue()


def with_cached_value(data: bytes, cell: str, value: str) -> bytes:
    """Give a formula cell the value Excel would have cached (openpyxl writes none)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                text = re.sub(
                    rf'(<c r="{cell}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?',
                    rf"\1\2<v>{value}</v>",
                    text,
                )
                content = text.encode()
            dst.writestr(item, content)
    return out.getvalue()


def cached_error(data: bytes, cell: str, error: str) -> bytes:
    """A formula cell whose cached value is an Excel error, as Excel saves it."""
    return patched_sheet(
        data,
        lambda xml: re.sub(
            rf'<c r="{cell}"([^>]*)>(<f>[^<]*</f>)(<v\s*/>|<v></v>)?'.encode(),
            rf'<c r="{cell}"\1 t="e">\2<v>{error}</v>'.encode(),
            xml,
        ),
    )


def db_state() -> tuple:
    """Everything an import may write: actuals, submissions and their history."""
    return (
        sorted(
            Actual.objects.values_list(
                "indicator_id", "period_id", "value", "explanation", "deviation_reason", "version"
            )
        ),
        Actual.history.count(),
        sorted(Submission.objects.values_list("unit_id", "period_id", "status")),
        Submission.history.count(),
    )


def run_import(plan, user, name: str, data: bytes, today: dt.date = OPEN_DAY, **kwargs):
    sheet = ss.sheet_read(name=name, data=data)
    return ss.import_apply(plan=plan, user=user, sheet=sheet, today=today, **kwargs)


def dry_run(plan, user, name: str, data: bytes) -> ss.Preview:
    sheet = ss.sheet_read(name=name, data=data)
    return ss.import_preview(plan=plan, user=user, sheet=sheet, today=OPEN_DAY)


def refusal_text(exc: Exception) -> str:
    if isinstance(exc, ss.FileRejected):
        return " ".join(str(i) for i in exc.issues)
    return " ".join(str(i) for i in exc.preview.errors)


def refused(plan, user, name: str, data: bytes, **kwargs) -> str:
    """The refusal's text; asserts nothing was written."""
    before = db_state()
    with pytest.raises((ss.FileRejected, ss.ImportRefused)) as exc:
        run_import(plan, user, name, data, **kwargs)
    assert db_state() == before
    return refusal_text(exc.value)


def saved_values() -> dict[int, Decimal]:
    return dict(Actual.objects.values_list("indicator__order", "value"))


def notices(preview: ss.Preview) -> str:
    return " ".join(str(n) for n in preview.notices)


# --- The corpus of bad files ------------------------------------------------------------------


def _formula_without_value() -> tuple[str, bytes]:
    return "formul.xlsx", xlsx([row(value="=6*7")])


def _big() -> tuple[str, bytes]:
    return "buyuk.csv", csv_bytes([row(value=1)]) + b"#" * (5 * 1024 * 1024)


BAD_FILES: list[tuple[str, Callable[[], tuple[str, bytes]], str, dt.date, Callable[[], str]]] = [
    # (case, file, user, today, expected message)
    (
        "unknown target",
        lambda: ("x.xlsx", xlsx([row(target="H9.9", value=1)])),
        "staff",
        OPEN_DAY,
        lambda: 'Satır 2, Hedef: Planda "H9.9" hedefi yok.',
    ),
    (
        "unknown order",
        lambda: ("x.xlsx", xlsx([row(order=9, value=1)])),
        "staff",
        OPEN_DAY,
        lambda: "Satır 2, Sıra: H1.1 hedefinin 9 sıralı göstergesi yok.",
    ),
    (
        "wrong period",
        lambda: ("x.xlsx", xlsx([row(period="2025-H3", value=1)])),
        "staff",
        OPEN_DAY,
        lambda: 'Satır 2, Dönem: "2025-H3" bir dönem değil: 2025-H1 ya da 2025-H2 gibi yazın.',
    ),
    (
        "unknown period",
        lambda: ("x.xlsx", xlsx([row(period="2031-H1", value=1)])),
        "strategy",
        OPEN_DAY,
        lambda: "Satır 2, Dönem: 2031-H1 planın dönemlerinden biri değil (2025-H1 … 2029-H2).",
    ),
    (
        "locked period",
        lambda: ("x.xlsx", xlsx([row(value=1)])),
        "staff",
        LATE_DAY,
        lambda: (
            "Satır 2, Dönem: 2025-H1: "
            + _(
                "The entry deadline (%(date)s) has passed; the period is locked. The strategy "
                "office can reopen it for the unit."
            )
            % {"date": "15.07.2025"}
        ),
    ),
    (
        "another unit's indicator",
        lambda: ("x.xlsx", xlsx([row(target="H1.2", value=1)])),
        "staff",
        OPEN_DAY,
        lambda: (
            "başka bir birimin (Birim 2 Müdürlüğü); yalnızca kendi biriminizin "
            "göstergelerini içe aktarabilirsiniz."
        ),
    ),
    (
        "text in a number cell",
        lambda: ("x.xlsx", xlsx([row(value="on iki")])),
        "staff",
        OPEN_DAY,
        lambda: (
            "Satır 2: P.G. 1.1.1 Gösterge 1.1.1 oranı – "
            + _("Value")
            + ": "
            + _('"%(text)s" is not a number. Write it as 1.234,5 or 1234.5.') % {"text": "on iki"}
        ),
    ),
    (
        "negative value",
        lambda: ("x.xlsx", xlsx([row(value=-3)])),
        "staff",
        OPEN_DAY,
        lambda: (
            "Satır 2: P.G. 1.1.1 Gösterge 1.1.1 oranı – "
            + _("Value")
            + ": "
            + _("A negative value is not accepted.")
        ),
    ),
    (
        "duplicated row",
        lambda: ("x.csv", csv_bytes([row(value=10), row(order=2, value=3), row(value=11)])),
        "staff",
        OPEN_DAY,
        lambda: "Satır 4, Hedef: H1.1 / 1 / 2025-H1 iki kez verilmiş (ilki 2. satırda).",
    ),
    (
        "formula without a computed value",
        _formula_without_value,
        "staff",
        OPEN_DAY,
        lambda: "Satır 2, Değer: Hücrede hesaplanmış değeri olmayan bir formül var.",
    ),
    ("empty file", lambda: ("bos.csv", b""), "staff", OPEN_DAY, lambda: "Dosya boş."),
    (
        "header only",
        lambda: ("x.xlsx", xlsx([])),
        "staff",
        OPEN_DAY,
        lambda: "Dosyada sütun adları var ama veri satırı yok",
    ),
    (
        "not xlsx or CSV",
        lambda: ("rapor.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"),
        "staff",
        OPEN_DAY,
        lambda: (
            "Yalnızca Excel çalışma kitapları (.xlsx) ve CSV dosyaları (.csv) içe aktarılabilir."
        ),
    ),
    (
        "old .xls",
        lambda: ("eski.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512),
        "staff",
        OPEN_DAY,
        lambda: "Bu eski biçimde bir Excel dosyası (.xls).",
    ),
    (
        "corrupt xlsx",
        lambda: ("bozuk.xlsx", xlsx([row(value=1)])[:700]),
        "staff",
        OPEN_DAY,
        lambda: "Dosya geçerli bir Excel çalışma kitabı (.xlsx) değil: bozuk.",
    ),
    (
        "CSV in an encoding that cannot be recognised",
        lambda: (
            "x.csv",
            csv_bytes([row(value=1, explanation="Çalışma sürüyor")])
            + "H1.1,2,,,,,2025-H1,3,Ölçüm\n".encode("cp1254"),  # UTF-8 and Windows-1254 mixed
        ),
        "staff",
        OPEN_DAY,
        lambda: "CSV dosyasının karakter kodlaması tanınamadı",
    ),
    ("over 5 MB", _big, "staff", OPEN_DAY, lambda: "en çok 5 MB'lık dosyalar kabul edilir."),
    (
        "missing required columns",
        lambda: ("x.xlsx", xlsx([["H1.1", 1]], header=["Hedef", "Sıra"])),
        "staff",
        OPEN_DAY,
        lambda: "Zorunlu sütunlar eksik: Dönem, Değer.",
    ),
]
BAD_IDS = [case[0] for case in BAD_FILES]
