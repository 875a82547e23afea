"""The Excel workbook: opens with openpyxl, numbers are numbers and equal the export."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from goals.models import Plan
from reports.models import ReportKind
from reports.rendering import report_data
from reports.rendering.xlsx import render_xlsx
from tests.reports.report_data import fill_period, filled_plan_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def export(tmp_path, year: int, period: str) -> dict:
    out = tmp_path / "results.json"
    call_command("export_results", "--year", str(year), "--period", period, "--out", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def same(cell_value: object, figure: str | None) -> bool:
    """A workbook number against an export figure ("62.50"; None: an empty cell)."""
    if figure is None:
        return cell_value is None
    assert isinstance(cell_value, (int, float)), cell_value
    return Decimal(str(cell_value)).quantize(Decimal("0.01")) == Decimal(figure)


def header_row(ws) -> int:
    return ws.freeze_panes and int(ws.freeze_panes[1:]) - 1


def rows_by_header(ws) -> list[dict]:
    head = header_row(ws)
    headers = [c.value for c in ws[head]]
    return [
        dict(zip(headers, (c.value for c in row), strict=False))
        for row in ws.iter_rows(min_row=head + 1)
        if any(c.value is not None for c in row)
    ]


def test_the_kars_workbook_holds_the_exported_figures(kars_plan: Plan, tmp_path):
    fill_period(kars_plan, 2025, 1)
    fill_period(kars_plan, 2025, 2)
    rendered = render_xlsx(report_data(kars_plan, ReportKind.EVALUATION, 2025, 2))
    assert rendered.filename == "degerlendirme-2025.xlsx"
    assert rendered.content_type.endswith("spreadsheetml.sheet")
    wb = load_workbook(io.BytesIO(rendered.content))
    exported = export(tmp_path, 2025, "H2")
    aim_codes = [a["code"] for a in exported["aims"]]
    assert wb.sheetnames == [
        "Özet",
        "Yönetici Özeti",
        *aim_codes,
        "Veri tamlığı",
        "Onaylanmamış",
        "Ayarlar",
    ]
    summary = [r["Metin"] for r in rows_by_header(wb["Yönetici Özeti"])]
    assert any("%" in line and "kapsama" in line for line in summary)

    summary = rows_by_header(wb["Özet"])
    by_code = {(r["Düzey"], r["Kod"]): r for r in summary if r["Düzey"] in ("Amaç", "Hedef")}
    plan_row = next(r for r in summary if r["Düzey"] == "Plan")
    assert same(plan_row["Gerçekleşme (%)"], exported["plan"]["realization"])
    assert same(plan_row["Kapsama (%)"], exported["plan"]["coverage"])
    for aim in exported["aims"]:
        assert same(by_code[("Amaç", aim["code"])]["Gerçekleşme (%)"], aim["realization"])
        sheet = rows_by_header(wb[aim["code"]])
        rows = iter(sheet)
        for t in aim["targets"]:
            row = by_code[("Hedef", t["code"])]
            assert same(row["Gerçekleşme (%)"], t["realization"])
            assert same(row["Kapsama (%)"], t["coverage"])
            assert same(row["Planlanan maliyet (TL)"], t["budget"]["planned"])
            assert same(row["Harcanan (TL)"], t["budget"]["actual"])
            assert same(row["Bütçe (%)"], t["budget"]["realization"])
            for ind in t["indicators"]:
                cells = next(rows)
                assert (cells["Hedef"], cells["Kod"]) == (t["code"], ind["code"])
                for column, key in (
                    ("Plan Dönemi Başlangıç Değeri", "A"),
                    ("Yıl Sonu Hedeflenen Değer", "B"),
                    ("İzleme Dönemi Gerçekleşme Değeri (Yıl Sonu)", "C"),
                ):
                    assert same(cells[column], ind[key]), (t["code"], ind["code"], column)
                assert same(cells["Gerçekleşme Oranı (%)"], ind["realization"])
        assert next(rows, None) is None


def test_numbers_have_turkish_number_formats_frozen_headers_and_widths(filled_plan: Plan):
    data = report_data(filled_plan, ReportKind.MONITORING, 2025, 1)
    wb = load_workbook(io.BytesIO(render_xlsx(data).content))
    for ws in wb.worksheets:
        assert ws.freeze_panes, ws.title
        assert ws.column_dimensions["A"].width > 8
    ws = wb["A1"]
    head = header_row(ws)
    headers = [c.value for c in ws[head]]
    assert headers[:12] == [
        "Hedef",
        "Kod",
        "Performans Göstergesi",
        "Birim",
        "Hedefe Etkisi (%)",
        "Plan Dönemi Başlangıç Değeri",
        "Yıl Sonu Hedeflenen Değer",
        "İzleme Dönemi Gerçekleşme Değeri",
        "Gerçekleşme Oranı (%), yıl sonu hedefine göre",  # mid-year: both, labelled
        "Beklenen ilerlemeye göre (%)",
        "Durum",
        "Onaylandı",
    ]
    assert "Sapma Nedeni" in headers and "Veri yok beyanı" in headers
    realization = headers.index("Gerçekleşme Oranı (%), yıl sonu hedefine göre") + 1
    cell = ws.cell(row=head + 1, column=realization)
    assert isinstance(cell.value, (int, float))
    assert cell.number_format == "#,##0.00"
    weight = headers.index("Hedefe Etkisi (%)") + 1
    assert isinstance(ws.cell(row=head + 1, column=weight).value, float)


def test_each_sheet_has_a_larger_bold_title_and_a_bold_subtitle(filled_plan: Plan):
    data = report_data(filled_plan, ReportKind.MONITORING, 2025, 1)
    ws = load_workbook(io.BytesIO(render_xlsx(data).content)).worksheets[0]
    assert (ws["A1"].font.b, ws["A1"].font.sz) == (True, 13)
    assert ws["A2"].font.b is False
    assert ws["A3"].font.b is True and ws["A3"].font.sz != 13


def test_the_annual_workbook_adds_the_plan_to_date_columns(filled_plan: Plan):
    wb = load_workbook(
        io.BytesIO(render_xlsx(report_data(filled_plan, ReportKind.EVALUATION, 2025, 2)).content)
    )
    rows = rows_by_header(wb["A1"])
    assert "Birikimli gerçekleşme (%)" in rows[0]
    assert "Beklenen ilerlemeye göre (%)" not in rows[0]
    completeness = rows_by_header(wb["Veri tamlığı"])
    assert {r["Birim"] for r in completeness} == set(
        filled_plan.targets.values_list("responsible_unit__name", flat=True)
    )
