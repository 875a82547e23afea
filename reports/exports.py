"""Excel out: the computed results of a period, its actual values, and the plan's structure.

    results_xlsx(results)  → .xlsx: "Özet" (plan and aims), "Hedefler", "Göstergeler"
    results_csv(results)   → CSV of the indicator rows (UTF-8 with BOM, ";" and decimal comma,
                             as Excel opens it in Turkish)
    plan_xlsx(plan)        → .xlsx: aims, targets, indicators with planned values, costs

Every figure of the results comes from `reports.results.results_to_json`, the function behind
`manage.py export_results`, so that the files and the JSON export print the same numbers
(rounded to two places). Column names are part of the file format and stay Turkish.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook

from budget.models import CostEstimate
from goals.models import Aim, Plan, Target
from indicators import computation
from indicators.models import Indicator, PlannedValue
from indicators.statuses import status_label
from karsplan.lib import cells, xlsx
from karsplan.lib.dates import format_datetime_tr
from karsplan.lib.numbers import decimal_str_tr
from reports.results import Results, half_label, results_to_json

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

INDICATOR_COLUMNS = (
    "Amaç",
    "Hedef",
    "Sıra",
    "Gösterge Kodu",
    "Gösterge",
    "Ölçü Birimi",
    "Ağırlık",
    "Dönem",
    "H1 Değeri",
    "H2 Değeri",
    "A (Başlangıç)",
    "B (Yıllık Hedef)",
    "C (Gerçekleşen)",
    "Gerçekleşme (%)",
    "Beklenen İlerlemeye Göre (%)",
    "Durum",
    "Onaylı",
    "Eksik Dönemler",
    "Veri Yok Nedeni",
    "Açıklama",
    "Sapma Nedeni",
)
"""`Gerçekleşme (%)` is the official figure (yıl sonu hedefine göre); `Beklenen İlerlemeye Göre
(%)` the progress (DESIGN.md §5), from which the status comes; `Eksik Dönemler` the periods
whose value C lacks, `Veri Yok Nedeni` the reason of a "veri yok" declaration."""
TARGET_COLUMNS = (
    "Amaç",
    "Hedef",
    "Hedef Adı",
    "Sorumlu Birim",
    "Gerçekleşme (%)",
    "Kapsam (%)",
    "Durum",
    "Planlanan Maliyet",
    "Gerçekleşen Harcama",
    "Bütçe Gerçekleşme (%)",
)
SUMMARY_COLUMNS = ("Düzey", "Kod", "Başlık", "Gerçekleşme (%)", "Kapsam (%)")


def _dec(text: str | None) -> Decimal | None:
    """A figure of `results_to_json` ("12.35" or None) back to a Decimal."""
    return None if text is None else Decimal(text)


def _yes_no(flag: bool | None) -> str:
    return "" if flag is None else ("Evet" if flag else "Hayır")


def _status(code: str | None) -> str:
    if not code:
        return ""
    return status_label(code)


def _value(period_value: computation.PeriodValue | None) -> Decimal | None:
    return None if period_value is None else period_value.value


def results_filename(results: Results, extension: str) -> str:
    suffix = "-onayli" if results.approved_only else ""
    return f"sonuclar-{results.label}{suffix}.{extension}"


def indicator_rows(results: Results) -> list[list[Any]]:
    """One row per indicator: its period values and the figures of `results_to_json`."""
    exported = results_to_json(results)
    rows: list[list[Any]] = []
    periods = [(results.year, 1), (results.year, 2)]
    for aim_fig, aim_json in zip(results.aims, exported["aims"], strict=True):
        for target_fig, target_json in zip(aim_fig.targets, aim_json["targets"], strict=True):
            for fig, ind in zip(target_fig.indicators, target_json["indicators"], strict=True):
                h1, h2 = fig.period_values(periods)
                actual = fig.actual
                rows.append(
                    [
                        aim_json["code"],
                        target_json["code"],
                        ind["order"],
                        ind["code"],
                        fig.indicator.name,
                        fig.indicator.unit_of_measure,
                        fig.indicator.weight,
                        results.label,
                        _value(h1),
                        _value(h2) if results.half == 2 else None,
                        _dec(ind["A"]),
                        _dec(ind["B"]),
                        _dec(ind["C"]),
                        _dec(ind["realization"]),
                        _dec(ind["progress"]),
                        _status(ind["status"]),
                        _yes_no(ind["approved"]),
                        ", ".join(ind["missing_periods"]),
                        ind["no_data_reason"] or "",
                        actual.explanation if actual else "",
                        actual.deviation_reason if actual else "",
                    ]
                )
    return rows


def target_rows(results: Results) -> list[list[Any]]:
    exported = results_to_json(results)
    rows: list[list[Any]] = []
    for aim_fig, aim_json in zip(results.aims, exported["aims"], strict=True):
        for target_fig, target_json in zip(aim_fig.targets, aim_json["targets"], strict=True):
            band = target_fig.band
            rows.append(
                [
                    aim_json["code"],
                    target_json["code"],
                    target_fig.target.title,
                    target_fig.target.responsible_unit.name,
                    _dec(target_json["realization"]),
                    _dec(target_json["coverage"]),
                    status_label(band) if band else "",
                    _dec(target_json["budget"]["planned"]),
                    _dec(target_json["budget"]["actual"]),
                    _dec(target_json["budget"]["realization"]),
                ]
            )
    return rows


def summary_rows(results: Results) -> list[list[Any]]:
    exported = results_to_json(results)
    rows: list[list[Any]] = [
        [
            "Plan",
            "",
            results.plan.name,
            _dec(exported["plan"]["realization"]),
            _dec(exported["plan"]["coverage"]),
        ]
    ]
    for aim_fig, aim_json in zip(results.aims, exported["aims"], strict=True):
        rows.append(
            [
                "Amaç",
                aim_json["code"],
                aim_fig.aim.title,
                _dec(aim_json["realization"]),
                _dec(str(aim_fig.coverage)) if aim_fig.coverage is not None else None,
            ]
        )
    return rows


def _sheet(
    wb: Workbook,
    title: str,
    columns: Iterable[str],
    rows: list[list[Any]],
    widths: dict[int, int] | None = None,
    first: bool = False,
) -> Any:
    ws = wb.active if first else wb.create_sheet(title)
    ws.title = title
    columns = list(columns)
    xlsx.write_table(
        ws,
        columns,
        [[xlsx.excel_number(v) for v in row] for row in rows],
        widths=xlsx.header_widths(columns, widths),
    )
    return ws


def results_xlsx(results: Results) -> bytes:
    """The results of a period as a workbook: summary, targets, indicators."""
    wb = Workbook()
    ws = _sheet(wb, "Özet", SUMMARY_COLUMNS, summary_rows(results), {3: 70}, first=True)
    xlsx.append(ws, [])
    notes = [
        ("Plan", results.plan.name),
        ("Dönem", f"{results.year}-{half_label(results.half)}"),
        ("Kırpma (0–100)", "Açık" if results.settings.clamp else "Kapalı"),
        ("Yalnızca onaylı değerler", "Evet" if results.approved_only else "Hayır"),
        ("Oluşturulma", format_datetime_tr(timezone.localtime())),
    ]
    for key, value in notes:
        xlsx.append(ws, [key, "", value])
    _sheet(wb, "Hedefler", TARGET_COLUMNS, target_rows(results), {3: 60, 4: 30})
    _sheet(
        wb,
        "Göstergeler",
        INDICATOR_COLUMNS,
        indicator_rows(results),
        {5: 60, 19: 40, 20: 50, 21: 40},
    )
    return xlsx.workbook_bytes(wb)


def results_csv(results: Results) -> bytes:
    """The indicator rows as CSV for Excel in Turkish: UTF-8 with BOM, ";" between columns
    and a decimal comma ("12,35"), text made formula-safe (`karsplan.lib.cells`).
    `indicators.spreadsheets` reads such files back."""
    return cells.csv_bytes(INDICATOR_COLUMNS, indicator_rows(results), number=_csv_number)


def _csv_number(value: int | float | Decimal) -> str:
    return decimal_str_tr(value) if isinstance(value, Decimal) else str(value)


# --- The plan's structure ---------------------------------------------------------------------


PLAN_EXPORT_QUERIES = 6


def plan_xlsx(plan: Plan) -> bytes:
    """The plan's structure: aims, targets, indicators with their planned values per year,
    and the cost estimates per year (Tablo 24). Runs `PLAN_EXPORT_QUERIES` queries."""
    aims = list(Aim.objects.filter(plan=plan).order_by("order", "code"))  # 1
    targets = list(  # 2, 3 (cooperating units)
        Target.objects.filter(plan=plan)
        .select_related("aim", "responsible_unit")
        .prefetch_related("cooperating_units")
        .order_by("order", "code")
    )
    indicators = list(  # 4, 5 (planned values)
        Indicator.objects.filter(target__plan=plan)
        .select_related("target", "activity")
        .prefetch_related(
            Prefetch("planned_values", queryset=PlannedValue.objects.order_by("year"))
        )
        .order_by("target__order", "target__code", "order")
    )
    costs: dict[tuple[int, int], Decimal] = {
        (t, y): a
        for t, y, a in CostEstimate.objects.filter(target__plan=plan).values_list(  # 6
            "target_id", "year", "amount"
        )
    }
    years = plan.years
    wb = Workbook()
    _sheet(
        wb,
        "Amaçlar",
        ("Amaç", "Başlık"),
        [[a.code, a.title] for a in aims],
        {2: 100},
        first=True,
    )
    _sheet(
        wb,
        "Hedefler",
        (
            "Amaç",
            "Hedef",
            "Başlık",
            "Sorumlu Birim",
            "İş Birliği Yapılacak Birimler",
            "Maliyet Tahmini (kart)",
        ),
        [
            [
                t.aim.code,
                t.code,
                t.title,
                t.responsible_unit.name,
                "Tüm Birimler"
                if t.cooperating_all_units
                else ", ".join(u.name for u in t.cooperating_units.all()),
                t.cost_estimate,
            ]
            for t in targets
        ],
        {3: 70, 4: 30, 5: 40},
    )
    measure = {"flow": "Akış", "level": "Düzey", "average": "Ortalama"}
    direction = {"increase": "Artış", "decrease": "Azalış"}
    _sheet(
        wb,
        "Göstergeler",
        (
            "Hedef",
            "Sıra",
            "Gösterge Kodu",
            "Gösterge",
            "Ağırlık",
            "Ölçü Birimi",
            "Başlangıç Değeri",
            *[str(y) for y in years],
            "Ölçüm",
            "Yön",
            "İzleme Sıklığı (ay)",
            "Raporlama Sıklığı (ay)",
            "Faaliyet",
            "Temel Gösterge",
            "Kart",
        ),
        [
            [
                i.target.code,
                i.order,
                i.code,
                i.name,
                i.weight,
                i.unit_of_measure,
                i.baseline,
                *[{pv.year: pv.value for pv in i.planned_values.all()}.get(y) for y in years],
                measure.get(i.measure, i.measure),
                direction.get(i.direction, i.direction),
                i.monitoring_frequency_months,
                i.reporting_frequency_months,
                i.activity.number if i.activity else None,
                "Evet" if i.is_key else "Hayır",
                i.card,
            ]
            for i in indicators
        ],
        {4: 60},
    )
    _sheet(
        wb,
        "Maliyetler",
        ("Hedef", *[str(y) for y in years], "Toplam"),
        [
            [
                t.code,
                *[costs.get((t.pk, y)) for y in years],
                sum((costs.get((t.pk, y)) or Decimal(0) for y in years), Decimal(0)),
            ]
            for t in targets
        ],
    )
    return xlsx.workbook_bytes(wb)


def plan_filename(plan: Plan) -> str:
    return f"plan-yapisi-{plan.start_year}-{plan.end_year}.xlsx"
