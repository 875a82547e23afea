"""The Excel workbook: opens with openpyxl, numbers are numbers and equal the export."""

from __future__ import annotations

import io
import json
import re
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


def test_the_annual_workbook_prints_both_halves_the_reasons_and_the_declarations(
    filled_plan: Plan, tmp_path
):
    """Issue 16: the Kılavuz columns I. Dönem, II. Dönem and Yıl Sonu equal export_results,
    and each row carries its deviation reason and its "veri yok" declaration with the reason."""
    from indicators.models import Actual, Indicator

    h2 = Actual.objects.filter(period__plan=filled_plan, period__year=2025, period__half=2)
    declared = h2.filter(indicator__measure="level").order_by("pk").first()
    h2.filter(pk=declared.pk).update(value=None, no_data=True, explanation="TÜİK yayımlamadı.")
    at_h1, at_h2 = export(tmp_path, 2025, "H1"), export(tmp_path, 2025, "H2")
    wb = load_workbook(
        io.BytesIO(render_xlsx(report_data(filled_plan, ReportKind.EVALUATION, 2025, 2)).content)
    )
    by_target: dict[str, list[dict]] = {}
    for ws in wb.worksheets:
        if re.fullmatch(r"A\d+", ws.title):
            for r in rows_by_header(ws):
                by_target.setdefault(r["Hedef"], []).append(r)
    first = "İzleme Dönemi Gerçekleşme Değeri (I. Dönem)"
    second = "İzleme Dönemi Gerçekleşme Değeri (II. Dönem)"
    year = "İzleme Dönemi Gerçekleşme Değeri (Yıl Sonu)"
    flow = set(
        Indicator.objects.filter(
            target__plan=filled_plan, measure="flow", monitoring_frequency_months=6
        ).values_list("target__code", "order")
    )
    h1_targets = {t["code"]: t for a in at_h1["aims"] for t in a["targets"]}
    flows = 0
    for aim in at_h2["aims"]:
        for t in aim["targets"]:
            rows = by_target[t["code"]]
            pairs = zip(rows, t["indicators"], h1_targets[t["code"]]["indicators"], strict=True)
            for row, ind, ind_h1 in pairs:
                assert row["Kod"] == ind["code"] == ind_h1["code"]
                assert same(row[year], ind["C"]), ind["code"]
                assert same(row["Gerçekleşme Oranı (%)"], ind["realization"]), ind["code"]
                c1 = ind_h1["C"]
                if (t["code"], ind["order"]) in flow and ind["C"] is not None and c1 is not None:
                    # The year's sum is the two halves: I. Dönem + II. Dönem = Yıl Sonu.
                    assert same(row[first], c1)
                    assert same(row[second], str(Decimal(ind["C"]) - Decimal(c1)))
                    flows += 1
    assert flows
    rows = {(r["Hedef"], r["Performans Göstergesi"]): r for rs in by_target.values() for r in rs}
    key = (declared.indicator.target.code, declared.indicator.name)
    assert rows[key]["Veri yok beyanı"] == "2025-H2: TÜİK yayımlamadı."
    for actual in h2.exclude(deviation_reason="").select_related("indicator__target"):
        key = (actual.indicator.target.code, actual.indicator.name)
        assert actual.deviation_reason in rows[key]["Sapma Nedeni"]
