""" "Veri yok" in the Excel/CSV import (DESIGN.md §4) and its path to the results (§5).

A `Değer` of "veri yok" (any case, with or without the dotted İ) declares that the unit cannot
measure the indicator for the period; `Açıklama` is then the reason and is required. The
template says per row what to enter. The import path: a file whose every gap is a declaration,
imported with `--approve`, then `export_results --approved-only` for H1 and H2.

The small plan (tests/plan_documents.py), target H1.1 (Birim 1), 2025, weights 33.33 / 33.33 /
33.34:
  #1 level ↑ A 20, B 40 · #2 level ↑ A 20, B 40 · #3 flow ↑ B 30 (all monitored every 6 months)
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from indicators import spreadsheets as ss
from indicators.models import Actual, Indicator, Period, Submission, SubmissionStatus
from indicators.spreadsheets.columns import COL_HINT, COL_VALUE, TEMPLATE_COLUMNS
from tests.conftest import logged_in
from tests.indicators.spreadsheet_support import csv_bytes, dry_run, row, run_import, xlsx

AFTER_2025 = dt.datetime(2026, 1, 20, 10, 0, tzinfo=dt.UTC)
"""Both halves of 2025 have ended (the strategy office back-fills them)."""
REASON_1 = "TÜİK 2025 verisini henüz yayımlamadı."
REASON_2 = "Ölçüm cihazı arızalıydı."
REASON_3 = "Faaliyet bu dönemde başlamadı."


@pytest.mark.parametrize("text", ["veri yok", "Veri Yok", "VERİ YOK", "VERI YOK", " veri  yok "])
def test_veri_yok_in_any_case_declares_no_data_with_the_explanation(plan, staff_user, text):
    preview = run_import(
        plan, staff_user, "veri.xlsx", xlsx([row(value=text, explanation=REASON_1)])
    )
    assert preview.ok and preview.rows[0].no_data
    actual = Actual.objects.get()
    assert (actual.value, actual.no_data, actual.explanation) == (None, True, REASON_1)


def test_veri_yok_without_an_explanation_is_a_row_error_naming_row_and_column(plan, staff_user):
    data = csv_bytes([row(value=1), row(order=3, value="veri yok")])
    preview = dry_run(plan, staff_user, "veri.csv", data)
    assert [str(e) for e in preview.errors] == [
        "Satır 3: P.G. 1.1.1 Gösterge 1.1.3 sayısı – Açıklama: bu dönem için neden veri "
        'olmadığını ("veri yok") açıklamaya yazın.'
    ]
    assert (preview.errors[0].row, preview.errors[0].column) == (3, "Açıklama")
    with pytest.raises(ss.ImportRefused):
        run_import(plan, staff_user, "veri.csv", data)
    assert not Actual.objects.exists()


def test_a_number_withdraws_a_declaration_and_a_blank_cell_keeps_it(plan, staff_user):
    run_import(plan, staff_user, "a.xlsx", xlsx([row(value="veri yok", explanation=REASON_1)]))
    kept = run_import(plan, staff_user, "b.xlsx", xlsx([row(value=None, explanation=REASON_1)]))
    assert kept.counts["unchanged"] == 1 and Actual.objects.get().no_data
    run_import(plan, staff_user, "c.xlsx", xlsx([row(value=38, explanation="Ölçüldü")]))
    actual = Actual.objects.get()
    assert (actual.value, actual.no_data) == (38, False)


def test_template_says_what_to_enter_per_row_and_shows_a_declaration(plan, staff_user, target):
    period = Period.objects.get(plan=plan, year=2025, half=1)
    run_import(plan, staff_user, "a.xlsx", xlsx([row(value="Veri yok", explanation=REASON_1)]))
    data = ss.template_build(plan=plan, period=period, unit=target.responsible_unit)
    ws = load_workbook(io.BytesIO(data))[ss.SHEET_TITLE]
    rows = list(ws.values)
    assert list(rows[0]) == list(TEMPLATE_COLUMNS)
    hint, value = TEMPLATE_COLUMNS.index(COL_HINT), TEMPLATE_COLUMNS.index(COL_VALUE)
    measures = [Indicator.objects.get(target=target, order=r[1]).measure for r in rows[1:]]
    assert [(m, r[hint]) for m, r in zip(measures, rows[1:], strict=True)] == [
        ("level", "dönem sonu değeri"),
        ("level", "dönem sonu değeri"),
        ("flow", "bu altı ayda yapılan"),
    ]
    assert (rows[1][value], rows[1][value + 1]) == ("veri yok", REASON_1)
    info = {r[0]: r[1] for r in load_workbook(io.BytesIO(data))[ss.INFO_SHEET_TITLE].values if r}
    assert '"veri yok"' in info["Veri yok"] and "Açıklama" in info["Veri yok"]
    # The template, filled in and imported back, leaves the declaration as it is.
    assert run_import(plan, staff_user, "sablon.xlsx", data).counts["unchanged"] == 3


def test_import_approve_with_declarations_then_export_approved_only(plan, strategy_user, tmp_path):
    """Every gap of the file is a "veri yok" row with its reason; imported with --approve;
    the exported figures are the hand computation below."""
    rows = [
        # H1: #1 = 38; #2 and #3 declared.
        row(order=1, period="2025-H1", value=38),
        row(order=2, period="2025-H1", value="VERİ YOK", explanation=REASON_2),
        row(order=3, period="2025-H1", value="veri yok", explanation=REASON_3),
        # H2: #1 declared; #2 = 44, #3 = 20.
        row(order=1, period="2025-H2", value="Veri Yok", explanation=REASON_1),
        row(order=2, period="2025-H2", value=44),
        row(order=3, period="2025-H2", value=20),
    ]
    path = tmp_path / "birim1.xlsx"
    path.write_bytes(xlsx(rows))
    out = io.StringIO()
    with time_machine.travel(AFTER_2025, tick=False):
        call_command("import_actuals", str(path), "--user", "strateji", "--approve", stdout=out)
    assert "Kaydedildi: 6 yeni, 0 değişen, 0 aynı. Dosyadaki birim dönemleri onaylandı." in (
        out.getvalue()
    )
    assert "H1.1 #2 P.G. 1.1.2 2025-H1: – → veri yok" in out.getvalue()
    assert set(Submission.objects.values_list("status", flat=True)) == {SubmissionStatus.APPROVED}
    assert Actual.objects.filter(no_data=True).count() == 3

    def export(half: str) -> dict:
        target = tmp_path / f"{half}.json"
        call_command(
            "export_results", "--year", "2025", "--period", half, "--approved-only",
            "--out", str(target), stderr=io.StringIO(),
        )  # fmt: skip
        return json.loads(target.read_text(encoding="utf-8"))

    def indicators(data: dict) -> dict[int, tuple]:
        h11 = data["aims"][0]["targets"][0]
        assert h11["code"] == "H1.1"
        return {
            i["order"]: (
                i["C"], i["realization"], i["progress"], i["status"], i["missing_periods"],
                i["no_data_reason"],
            )
            for i in h11["indicators"]
        }  # fmt: skip

    h1 = export("H1")
    # #1 level: (38 − 20) / (40 − 20) × 100 = 90, İyi. #2, #3: declared for H1, so no C.
    assert indicators(h1) == {
        1: ("38.00", "90.00", "90.00", "iyi", [], None),
        2: (None, None, None, "veri_yok", ["2025-H1"], REASON_2),
        3: (None, None, None, "veri_yok", ["2025-H1"], REASON_3),
    }
    # Target: #1 alone, 90; coverage 33.33 / (33.33 + 33.33 + 33.34) × 100 = 33.33.
    h11 = h1["aims"][0]["targets"][0]
    assert (h11["realization"], h11["coverage"]) == ("90.00", "33.33")
    # Plan: the mean of the aims with a figure (A1 = H1.1 alone): 90; coverage the mean over
    # the four targets (33.33, 0, 0, 0) = 8.3325 → 8.33.
    assert h1["plan"] == {"realization": "90.00", "coverage": "8.33"}

    h2 = export("H2")
    # #1 level: declared for H2; its H1 value does not stand for the year's end.
    # #2 level: H2 = 44: (44 − 20) / (40 − 20) × 100 = 120, Hedefe ulaşıldı.
    # #3 flow: H1 declared, so H1 + H2 is incomplete: no C (not 20 / 30 = 66.67, Düşük).
    assert indicators(h2) == {
        1: (None, None, None, "veri_yok", ["2025-H2"], REASON_1),
        2: ("44.00", "120.00", "120.00", "ulasildi", [], None),
        3: (None, None, None, "veri_yok", ["2025-H1"], REASON_3),
    }
    h11 = h2["aims"][0]["targets"][0]
    # Target: #2 alone, clamped to 100; coverage 33.33.
    assert (h11["realization"], h11["coverage"]) == ("100.00", "33.33")
    assert h2["plan"] == {"realization": "100.00", "coverage": "8.33"}


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_after_a_browser_import_the_page_links_to_submitting_the_period(
    plan, staff_user, target, media
):
    client = logged_in(staff_user)
    data = xlsx([row(value=38), row(order=2, value="veri yok", explanation=REASON_2)])
    with time_machine.travel(dt.datetime(2025, 7, 5, 10, 0, tzinfo=dt.UTC), tick=False):
        response = client.post(
            reverse("spreadsheets:upload"),
            {"file": SimpleUploadedFile("v.xlsx", data)},
        )
        html = response.content.decode()
        assert "veri yok" in html  # the preview shows the declaration
        token = html.split('name="token" value="')[1].split('"')[0]
        response = client.post(reverse("spreadsheets:confirm"), {"token": token})
        page = client.get(response["Location"]).content.decode()
    period = Period.objects.get(plan=plan, year=2025, half=1)
    url = reverse("indicators:entry", args=[target.responsible_unit_id, period.pk])
    assert "Sonraki adım: dönemi gönderin" in page
    assert f'href="{url}"' in page
    assert f"{target.responsible_unit.name} – 2025-H1 dönemini gönder" in page
    # The link is shown once: the next visit of the page has none.
    assert "Sonraki adım" not in client.get(reverse("spreadsheets:index")).content.decode()
