"""Excel out: results and actual values of a period (xlsx, CSV) and the plan's structure."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from indicators import spreadsheets as ss
from indicators.models import Indicator, PlannedValue
from karsplan.lib.numbers import parse_decimal
from reports import exports
from reports.results import LOAD_QUERIES, plan_results
from tests.conftest import logged_in
from tests.reports.report_data import fill_period


@pytest.fixture
def filled(plan):
    fill_period(plan, 2025, 1)
    fill_period(plan, 2025, 2)
    return plan


def exported_json(capsys, *args: str) -> dict:
    call_command("export_results", *args)
    return json.loads(capsys.readouterr().out)


def json_indicators(data: dict) -> dict[tuple[str, int], dict]:
    return {
        (t["code"], i["order"]): i
        for a in data["aims"]
        for t in a["targets"]
        for i in t["indicators"]
    }


def two(value: object) -> str | None:
    """A cell or CSV figure as export_results writes it ("12.35")."""
    if value in (None, ""):
        return None
    number = parse_decimal(value) if isinstance(value, str) else Decimal(repr(value))
    return str(number.quantize(Decimal("0.01")))


def sheet_dicts(ws) -> list[dict]:
    rows = list(ws.values)
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


@pytest.mark.parametrize(("year", "period"), [("2025", "H1"), ("2025", "H2")])
def test_xlsx_figures_are_those_of_export_results(filled, strategy_user, capsys, year, period):
    expected = exported_json(capsys, "--year", year, "--period", period)
    response = logged_in(strategy_user).get(
        reverse("exports:results"), {"year": year, "period": period, "format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert f'filename="sonuclar-{year}-{period}.xlsx"' in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Özet", "Hedefler", "Göstergeler"]
    indicators = json_indicators(expected)
    rows = sheet_dicts(wb["Göstergeler"])
    assert len(rows) == len(indicators)
    for r in rows:
        figures = indicators[(r["Hedef"], r["Sıra"])]
        assert two(r["C (Gerçekleşen)"]) == figures["C"]
        assert two(r["B (Yıllık Hedef)"]) == figures["B"]
        assert two(r["Gerçekleşme (%)"]) == figures["realization"]
        assert two(r["Beklenen İlerlemeye Göre (%)"]) == figures["progress"]
        assert (r["Eksik Dönemler"] or "") == ", ".join(figures["missing_periods"])
        assert r["Dönem"] == f"{year}-{period}"
    targets = {t["code"]: t for a in expected["aims"] for t in a["targets"]}
    for r in sheet_dicts(wb["Hedefler"]):
        assert two(r["Gerçekleşme (%)"]) == targets[r["Hedef"]]["realization"]
        assert two(r["Kapsam (%)"]) == targets[r["Hedef"]]["coverage"]
    summary = sheet_dicts(wb["Özet"])
    assert two(summary[0]["Gerçekleşme (%)"]) == expected["plan"]["realization"]


def test_csv_figures_and_period_values_are_those_of_export_results(filled, council_user, capsys):
    expected = exported_json(capsys, "--year", "2025", "--period", "H2")
    response = logged_in(council_user).get(
        reverse("exports:results"), {"year": "2025", "period": "H2", "format": "csv"}
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffAmaç;Hedef;Sıra;")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    indicators = json_indicators(expected)
    assert len(rows) == len(indicators)
    results = plan_results(filled, 2025, 2)
    by_key = {(f.indicator.target.code, f.order): f for f in results.indicators()}
    for r in rows:
        key = (r["Hedef"], int(r["Sıra"]))
        assert two(r["C (Gerçekleşen)"]) == indicators[key]["C"]
        assert two(r["Gerçekleşme (%)"]) == indicators[key]["realization"]
        h1, h2 = by_key[key].period_values([(2025, 1), (2025, 2)])
        assert parse_decimal(r["H1 Değeri"]) == (h1.value if h1 else None)
        assert parse_decimal(r["H2 Değeri"]) == (h2.value if h2 else None)


def test_the_csv_export_reads_back_as_an_import(filled, strategy_user):
    """The export is in the import's format: its key and value columns are recognised."""
    response = logged_in(strategy_user).get(
        reverse("exports:results"), {"year": "2025", "period": "H1", "format": "csv"}
    )
    text = response.content.decode("utf-8-sig").replace("H1 Değeri", "Değer")
    text = text.replace(";Dönem;", ";Dönem;", 1)
    sheet = ss.sheet_read(name="sonuclar.csv", data=text.encode())
    assert {"Hedef", "Sıra", "Dönem", "Değer", "Açıklama", "Sapma Nedeni"} <= set(sheet.columns)
    preview = ss.import_preview(plan=filled, user=strategy_user, sheet=sheet)
    assert preview.ok, [str(e) for e in preview.errors[:3]]
    assert preview.counts["changed"] == 0 and preview.counts["created"] == 0


def test_approved_only_export_counts_only_approved_values(filled, strategy_user, capsys):
    expected = exported_json(capsys, "--year", "2025", "--approved-only")
    response = logged_in(strategy_user).get(
        reverse("exports:results"), {"year": "2025", "format": "xlsx", "approved_only": "1"}
    )
    assert "sonuclar-2025-H2-onayli.xlsx" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    indicators = json_indicators(expected)
    for r in sheet_dicts(wb["Göstergeler"]):
        assert two(r["C (Gerçekleşen)"]) == indicators[(r["Hedef"], r["Sıra"])]["C"]


def test_results_export_runs_a_fixed_number_of_queries(
    kars_plan, strategy_user, django_assert_max_num_queries
):
    fill_period(kars_plan, 2025, 1)
    client = logged_in(strategy_user)
    client.get(reverse("home"))
    with django_assert_max_num_queries(LOAD_QUERIES + 6):
        response = client.get(
            reverse("exports:results"), {"year": "2025", "period": "H1", "format": "xlsx"}
        )
    assert response.status_code == 200


def test_results_export_is_for_dashboard_readers(plan, staff_user, client):
    url = reverse("exports:results")
    assert logged_in(staff_user).get(url, {"year": "2025"}).status_code == 403
    assert client.get(url, {"year": "2025"}).status_code == 302


def test_bad_export_parameters_are_explained(plan, strategy_user):
    response = logged_in(strategy_user).get(
        reverse("exports:results"), {"year": "2040", "period": "H3", "format": "pdf"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Planın bir yılını seçin (2025–2029)." in html
    assert "Dönem H1 ya da H2 olmalı" in html
    assert "Biçim xlsx ya da csv olmalı." in html


def test_exports_page_shows_what_the_user_may_download(plan, staff_user, council_user):
    html = logged_in(staff_user).get(reverse("exports:index")).content.decode()
    assert "Plan yapısı" in html and "Sonuçlar ve gerçekleşme değerleri" not in html
    html = logged_in(council_user).get(reverse("exports:index")).content.decode()
    assert "Sonuçlar ve gerçekleşme değerleri" in html


def test_plan_structure_export_lists_aims_targets_indicators_and_planned_values(
    plan, staff_user, django_assert_max_num_queries
):
    client = logged_in(staff_user)
    client.get(reverse("home"))
    with django_assert_max_num_queries(exports.PLAN_EXPORT_QUERIES + 4):
        response = client.get(reverse("exports:plan"))
    assert response.status_code == 200
    assert 'filename="plan-yapisi-2025-2029.xlsx"' in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Amaçlar", "Hedefler", "Göstergeler", "Maliyetler"]
    rows = sheet_dicts(wb["Göstergeler"])
    assert len(rows) == Indicator.objects.filter(target__plan=plan).count()
    first = rows[0]
    assert (first["Hedef"], first["Sıra"], first["Gösterge Kodu"]) == ("H1.1", 1, "P.G. 1.1.1")
    planned = dict(
        PlannedValue.objects.filter(indicator__target__code="H1.1", indicator__order=1).values_list(
            "year", "value"
        )
    )
    assert {y: Decimal(str(first[str(y)])) for y in range(2025, 2030)} == planned
    targets = sheet_dicts(wb["Hedefler"])
    assert targets[0]["Sorumlu Birim"] == "Birim 1 Müdürlüğü"
    costs = sheet_dicts(wb["Maliyetler"])
    assert costs[0]["Toplam"] == 500000


def test_kars_plan_structure_export_has_every_indicator(kars_plan, strategy_user):
    response = logged_in(strategy_user).get(reverse("exports:plan"))
    wb = load_workbook(io.BytesIO(response.content))
    assert wb["Göstergeler"].max_row - 1 == 184
    assert wb["Hedefler"].max_row - 1 == 30
    assert wb["Amaçlar"].max_row - 1 == 8
