"""Excel in: the template, reading files, the dry run and the write (indicators.spreadsheets).

The corpus of bad files (`BAD_FILES`) is shared with the view and command tests: each file is
made here with openpyxl or csv, kept small, and must be refused with its Turkish message and
the database unchanged.
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
from openpyxl import Workbook, load_workbook

from indicators import services
from indicators import spreadsheets as ss
from indicators.models import Actual, Indicator, LockException, Period, Submission
from tests.conftest import make_user

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


def refusal_text(exc: Exception) -> str:
    if isinstance(exc, ss.FileRejected):
        return " ".join(str(i) for i in exc.issues)
    return " ".join(str(i) for i in exc.preview.errors)


# --- The corpus of bad files --------------------------------------------------------------------


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


@pytest.fixture
def users(staff_user, other_staff_user, strategy_user) -> dict:
    return {"staff": staff_user, "other": other_staff_user, "strategy": strategy_user}


@pytest.mark.parametrize(("case", "make", "who", "today", "expected"), BAD_FILES, ids=BAD_IDS)
def test_bad_file_is_refused_with_its_message_and_nothing_is_written(
    plan, users, case, make, who, today, expected
):
    before = db_state()
    name, data = make()
    with pytest.raises((ss.FileRejected, ss.ImportRefused)) as refused:
        run_import(plan, users[who], name, data, today=today)
    assert expected() in refusal_text(refused.value)
    assert db_state() == before


def test_a_good_row_beside_a_bad_one_is_not_written_either(plan, staff_user):
    data = xlsx([row(value=12), row(order=2, value=-1)])
    with pytest.raises(ss.ImportRefused):
        run_import(plan, staff_user, "x.xlsx", data)
    assert not Actual.objects.exists()


def test_unknown_columns_are_ignored_with_a_notice(plan, staff_user):
    data = xlsx([row(value=12) + ["not"]], header=[*HEADER, "Not"])
    sheet = ss.sheet_read(name="x.xlsx", data=data)
    assert [str(n) for n in sheet.notices] == ['K sütunu: Bilinmeyen "Not" sütunu yok sayıldı.']
    preview = run_import(plan, staff_user, "x.xlsx", data)
    assert preview.counts["created"] == 1


def test_a_formula_with_a_cached_value_uses_that_value(plan, staff_user):
    data = with_cached_value(xlsx([row(value="=6*7")]), "H2", "42")
    sheet = ss.sheet_read(name="x.xlsx", data=data)
    assert "1 hücrede formül var" in str(sheet.notices[0])
    run_import(plan, staff_user, "x.xlsx", data)
    assert Actual.objects.get().value == Decimal(42)


# --- Reading ----------------------------------------------------------------------------------


def test_csv_with_bom_semicolons_and_decimal_commas_is_read(plan, staff_user):
    data = csv_bytes(
        [row(value="45,5", explanation="Sayım yapıldı"), row(order=3, value="1.234")],
        delimiter=";",
        bom=True,
    )
    preview = run_import(plan, staff_user, "veri.csv", data)
    assert preview.counts == {"created": 2, "changed": 0, "unchanged": 0}
    values = dict(Actual.objects.values_list("indicator__order", "value"))
    assert values == {1: Decimal("45.5"), 3: Decimal("1234")}
    assert Actual.objects.get(indicator__order=1).explanation == "Sayım yapıldı"


def test_csv_with_commas_and_ascii_headers_is_read(plan, staff_user):
    header = ["hedef", "SIRA", "Donem", "Deger", "Aciklama"]
    data = csv_bytes([["H1.1", "2", "2025-h1", "12.5", "tamam"]], header=header)
    sheet = ss.sheet_read(name="veri.csv", data=data)
    assert sheet.columns == ["Hedef", "Sıra", "Dönem", "Değer", "Açıklama"]
    run_import(plan, staff_user, "veri.csv", data)
    assert Actual.objects.get().value == Decimal("12.5")


def test_a_percent_formatted_cell_is_read_as_shown(plan, staff_user):
    wb = load_workbook(io.BytesIO(xlsx([row(value=0.455)])))
    wb.active["H2"].number_format = "0.0%"
    out = io.BytesIO()
    wb.save(out)
    run_import(plan, staff_user, "x.xlsx", out.getvalue())
    assert Actual.objects.get().value == Decimal("45.5")


@pytest.mark.parametrize(
    ("text", "key"),
    [("2025-H1", (2025, 1)), ("2025 h2", (2025, 2)), ("2025/2", (2025, 2)), ("2025H1", (2025, 1))],
)
def test_periods_are_read_in_several_spellings(text, key):
    assert ss.period_parse(text) == key


@pytest.mark.parametrize("text", ["2025-H3", "H1 2025", "2025", "25-H1", ""])
def test_other_period_spellings_are_refused(text):
    assert ss.period_parse(text) is None


# --- The template -----------------------------------------------------------------------------


def test_template_has_one_row_per_indicator_due_prefilled_and_protected(plan, staff_user, target):
    period = Period.objects.get(plan=plan, year=2025, half=1)
    first = Indicator.objects.get(target=target, order=1)
    services.actual_record(
        user=staff_user,
        indicator=first,
        period=period,
        value=Decimal("33.5"),
        explanation="Girildi",
        today=OPEN_DAY,
    )
    yearly = Indicator.objects.get(target=target, order=2)
    yearly.monitoring_frequency_months = 12
    yearly.save()
    data = ss.template_build(plan=plan, period=period, unit=target.responsible_unit)
    ws = load_workbook(io.BytesIO(data))[ss.SHEET_TITLE]
    rows = list(ws.values)
    assert list(rows[0]) == HEADER
    assert [(r[0], r[1], r[6]) for r in rows[1:]] == [
        ("H1.1", 1, "2025-H1"),
        ("H1.1", 3, "2025-H1"),
    ]
    assert rows[1][7] == 33.5 and rows[1][8] == "Girildi"
    assert rows[1][5] == 40  # Yıllık Hedef
    assert ws.protection.sheet
    for col, name in enumerate(HEADER, start=1):
        cell = ws.cell(row=2, column=col)
        assert cell.protection.locked == (name not in ss.INPUT_COLUMNS), name
        assert (cell.fill.fgColor.rgb == "00E7E9EE") == (name not in ss.INPUT_COLUMNS), name


def test_template_for_all_units_lists_every_indicator(plan):
    period = Period.objects.get(plan=plan, year=2025, half=2)
    data = ss.template_build(plan=plan, period=period, unit=None)
    ws = load_workbook(io.BytesIO(data))[ss.SHEET_TITLE]
    assert ws.max_row - 1 == Indicator.objects.filter(target__plan=plan).count()
    assert {r[6] for r in list(ws.values)[1:]} == {"2025-H2"}


def test_an_untouched_template_imports_as_unchanged(plan, staff_user, target):
    period = Period.objects.get(plan=plan, year=2025, half=1)
    data = ss.template_build(plan=plan, period=period, unit=target.responsible_unit)
    preview = run_import(plan, staff_user, "sablon.xlsx", data)
    assert preview.counts == {"created": 0, "changed": 0, "unchanged": 3}
    assert not Actual.objects.exists()


# --- The dry run ------------------------------------------------------------------------------


def test_dry_run_says_created_changed_unchanged_and_writes_nothing(plan, staff_user, target):
    period = Period.objects.get(plan=plan, year=2025, half=1)
    for order, value in ((1, "30"), (2, "35")):
        services.actual_record(
            user=staff_user,
            indicator=Indicator.objects.get(target=target, order=order),
            period=period,
            value=value,
            today=OPEN_DAY,
        )
    before = db_state()
    sheet = ss.sheet_read(
        name="x.xlsx",
        data=xlsx([row(value=30), row(order=2, value=36), row(order=3, value=12)]),
    )
    preview = ss.import_preview(plan=plan, user=staff_user, sheet=sheet, today=OPEN_DAY)
    assert preview.ok
    assert [(r.row, r.action) for r in preview.rows] == [
        (2, "unchanged"),
        (3, "changed"),
        (4, "created"),
    ]
    assert preview.rows[1].old_value == Decimal(35) and preview.rows[1].value == Decimal(36)
    assert db_state() == before


def test_blank_cells_keep_what_is_saved(plan, staff_user, target):
    period = Period.objects.get(plan=plan, year=2025, half=1)
    indicator = Indicator.objects.get(target=target, order=1)
    services.actual_record(
        user=staff_user,
        indicator=indicator,
        period=period,
        value="30",
        explanation="Önceki açıklama",
        today=OPEN_DAY,
    )
    run_import(plan, staff_user, "x.xlsx", xlsx([row(deviation="Yeni neden")]))
    actual = Actual.objects.get(indicator=indicator, period=period)
    assert (actual.value, actual.explanation, actual.deviation_reason) == (
        Decimal(30),
        "Önceki açıklama",
        "Yeni neden",
    )


def test_values_the_form_would_question_are_warnings_and_confirming_saves_them(plan, staff_user):
    data = xlsx([row(value=150), row(order=2, value=2)])
    sheet = ss.sheet_read(name="x.xlsx", data=data)
    preview = ss.import_preview(plan=plan, user=staff_user, sheet=sheet, today=OPEN_DAY)
    assert preview.ok and not preview.errors
    assert [(w.row, w.column) for w in preview.warnings] == [(2, "Değer"), (3, "Değer")]
    assert _("a percentage above 100 needs a confirmation.") in str(preview.warnings[0])
    run_import(plan, staff_user, "x.xlsx", data)
    assert sorted(Actual.objects.values_list("value", flat=True)) == [Decimal(2), Decimal(150)]


def test_a_code_that_does_not_match_the_row_is_a_warning(plan, staff_user):
    sheet = ss.sheet_read(name="x.xlsx", data=xlsx([row(value=30, code="P.G. 9.9.9")]))
    preview = ss.import_preview(plan=plan, user=staff_user, sheet=sheet, today=OPEN_DAY)
    assert preview.ok
    assert "Dosyada P.G. 9.9.9 yazıyor, ama H1.1 / 1 göstergesi P.G. 1.1.1" in str(
        preview.warnings[0]
    )


def test_an_indicator_monitored_yearly_takes_no_value_in_h1(plan, staff_user, target):
    indicator = Indicator.objects.get(target=target, order=1)
    indicator.monitoring_frequency_months = 12
    indicator.save()
    with pytest.raises(ss.ImportRefused) as refused:
        run_import(plan, staff_user, "x.xlsx", xlsx([row(value=30)]))
    assert _(
        "this indicator is monitored every 12 months and is entered only in the second half "
        "of the year."
    ) in refusal_text(refused.value)


def test_dry_run_runs_a_fixed_number_of_queries(kars_plan, django_assert_max_num_queries):
    strategy = make_user("strateji2", "Strateji Birimi")
    period = Period.objects.get(plan=kars_plan, year=2025, half=2)
    data = ss.template_build(plan=kars_plan, period=period, unit=None)
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    for r in range(2, ws.max_row + 1):
        ws.cell(row=r, column=8).value = 1
    out = io.BytesIO()
    wb.save(out)
    sheet = ss.sheet_read(name="x.xlsx", data=out.getvalue())
    assert len(sheet.rows) > 150
    strategy.groups.all()  # the role is cached on first use
    with django_assert_max_num_queries(ss.PREVIEW_QUERIES + 2):
        preview = ss.import_preview(plan=kars_plan, user=strategy, sheet=sheet, today=OPEN_DAY)
    assert preview.ok, preview.errors[:3]
    assert preview.counts["created"] == len(sheet.rows)


# --- Permissions and the write ------------------------------------------------------------------


def test_strategy_office_backfills_a_locked_period(plan, strategy_user):
    data = xlsx([row(value=30), row(target="H2.1", value=40, period="2025-H2")])
    preview = run_import(plan, strategy_user, "x.xlsx", data, today=dt.date(2027, 3, 1))
    assert preview.counts["created"] == 2
    actual = Actual.objects.get(indicator__target__code="H1.1", indicator__order=1)
    record = actual.history.first()
    assert record.history_user == strategy_user
    assert record.history_change_reason == "Excel içe aktarma: x.xlsx"
    assert Submission.objects.get(unit=actual.indicator.target.responsible_unit).status == "draft"


def test_unit_staff_imports_into_a_locked_period_reopened_for_the_unit(
    plan, staff_user, strategy_user, target
):
    period = Period.objects.get(plan=plan, year=2025, half=1)
    LockException.objects.create(
        period=period,
        unit=target.responsible_unit,
        reason="Geç veri",
        until=dt.date(2025, 9, 30),
        created_by=strategy_user,
    )
    run_import(plan, staff_user, "x.xlsx", xlsx([row(value=30)]), today=LATE_DAY)
    assert Actual.objects.get().value == Decimal(30)


def test_submitted_entries_are_not_changed_by_an_import(plan, staff_user, strategy_user, target):
    period = Period.objects.get(plan=plan, year=2025, half=1)
    run_import(
        plan,
        staff_user,
        "x.xlsx",
        xlsx([row(order=k, value=40, deviation="neden") for k in (1, 2, 3)]),
    )
    services.submission_submit(
        user=staff_user, unit=target.responsible_unit, period=period, today=OPEN_DAY
    )
    before = db_state()
    for user in (staff_user, strategy_user):
        with pytest.raises(ss.ImportRefused) as refused:
            run_import(plan, user, "x.xlsx", xlsx([row(value=41)]))
        assert "Satır 2, Dönem: 2025-H1: " in refusal_text(refused.value)
    assert db_state() == before


def test_approve_submits_and_approves_the_units_periods(plan, strategy_user, target):
    rows = [row(order=k, value=40, deviation="neden") for k in (1, 2, 3)]
    run_import(plan, strategy_user, "x.xlsx", xlsx(rows), today=dt.date(2026, 1, 5), approve=True)
    submission = Submission.objects.get(unit=target.responsible_unit)
    assert submission.status == "approved"
    assert submission.reviewed_by == strategy_user


def test_approve_refuses_a_unit_period_with_missing_values_and_writes_nothing(plan, strategy_user):
    with pytest.raises(ss.ImportRefused) as refused:
        run_import(plan, strategy_user, "x.xlsx", xlsx([row(value=40)]), approve=True)
    assert "Birim 1 Müdürlüğü 2025-H1 gönderilemiyor" in refusal_text(refused.value)
    assert not Actual.objects.exists()
    assert not Submission.objects.exists()


def test_only_the_strategy_office_may_approve(plan, staff_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run_import(plan, staff_user, "x.xlsx", xlsx([row(value=40)]), approve=True)


def test_the_confirmation_is_refused_when_saved_values_changed_since_the_preview(
    plan, staff_user, other_staff_user, target
):
    data = xlsx([row(value=30)])
    sheet = ss.sheet_read(name="x.xlsx", data=data)
    preview = ss.import_preview(plan=plan, user=staff_user, sheet=sheet, today=OPEN_DAY)
    services.actual_record(
        user=staff_user,
        indicator=Indicator.objects.get(target=target, order=1),
        period=Period.objects.get(plan=plan, year=2025, half=1),
        value="25",
        today=OPEN_DAY,
    )
    before = db_state()
    with pytest.raises(ss.ImportRefused) as refused:
        ss.import_apply(
            plan=plan,
            user=staff_user,
            sheet=sheet,
            expected_digest=preview.digest,
            today=OPEN_DAY,
        )
    assert "Önizlemeden bu yana kayıtlı değerler değişti" in refused.value.reason
    assert db_state() == before


def test_a_refusal_by_the_service_rolls_back_the_groups_already_written(
    plan, strategy_user, monkeypatch
):
    real = services.entries_save
    calls = []

    def second_refused(**kwargs):
        calls.append(kwargs["unit"])
        if len(calls) == 2:
            return services.EntryResult(errors=[])
        return real(**kwargs)

    monkeypatch.setattr(services, "entries_save", second_refused)
    data = xlsx([row(value=30), row(target="H1.2", value=31)])
    with pytest.raises(ss.ImportRefused):
        run_import(plan, strategy_user, "x.xlsx", data)
    assert len(calls) == 2
    assert not Actual.objects.exists()
