"""The entry template: an .xlsx with one row per indicator due in a period."""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from goals.models import Plan, Unit
from indicators.entry_rules import row_entry_hint
from indicators.models import Actual, Indicator, Period, PlannedValue
from indicators.spreadsheets.columns import (
    COL_CODE,
    COL_DEVIATION,
    COL_EXPLANATION,
    COL_HINT,
    COL_NAME,
    COL_ORDER,
    COL_PERIOD,
    COL_PLANNED,
    COL_TARGET,
    COL_UOM,
    COL_VALUE,
    INFO_SHEET_TITLE,
    INPUT_COLUMNS,
    NO_DATA_TEXT,
    SHEET_TITLE,
    TEMPLATE_COLUMNS,
    fold,
)
from karsplan.lib import xlsx
from karsplan.lib.dates import format_datetime_tr

_WIDTHS = {
    COL_TARGET: 9,
    COL_ORDER: 6,
    COL_CODE: 14,
    COL_NAME: 60,
    COL_UOM: 12,
    COL_PLANNED: 13,
    COL_PERIOD: 10,
    COL_HINT: 22,
    COL_VALUE: 13,
    COL_EXPLANATION: 50,
    COL_DEVIATION: 40,
}


def template_indicators(*, plan: Plan, period: Period, unit: Unit | None) -> list[Indicator]:
    """The indicators due in `period` of the targets `unit` is responsible for (all units when
    `unit` is None), in the plan's order, with their targets (1 query)."""
    indicators = Indicator.objects.filter(target__plan=plan).select_related("target")
    if unit is not None:
        indicators = indicators.filter(target__responsible_unit=unit)
    indicators = indicators.order_by("target__order", "target__code", "order")
    return [i for i in indicators if i.is_due_in_half(period.half)]


def template_filename(*, period: Period, unit: Unit | None) -> str:
    scope = _slug(unit.name) if unit is not None else "tum-birimler"
    return f"gerceklesme-{period.label}-{scope}.xlsx"


def _slug(text: str) -> str:
    folded = fold(text)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60] or "birim"


def template_build(*, plan: Plan, period: Period, unit: Unit | None) -> bytes:
    """The entry template for one period: one row per indicator due, pre-filled with what is
    entered. Context columns are grey and locked (sheet protection without a password); only
    `Değer`, `Açıklama` and `Sapma Nedeni` can be edited. Runs 3 queries."""
    indicators = template_indicators(plan=plan, period=period, unit=unit)
    actuals = {
        a.indicator_id: a
        for a in Actual.objects.filter(period=period, indicator__in=[i.pk for i in indicators])
    }
    planned = dict(
        PlannedValue.objects.filter(
            year=period.year, indicator__in=[i.pk for i in indicators]
        ).values_list("indicator_id", "value")
    )
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    xlsx.append(ws, list(TEMPLATE_COLUMNS))
    with translation.override("tr"):  # the file format is Turkish
        hints = {
            key: row_entry_hint(*key)
            for key in {(i.measure, i.monitoring_frequency_months) for i in indicators}
        }
    for indicator in indicators:
        actual = actuals.get(indicator.pk)
        if actual is not None and actual.no_data:
            value = NO_DATA_TEXT
        else:
            value = xlsx.excel_number(actual.value) if actual else None
        xlsx.append(
            ws,
            [
                indicator.target.code,
                indicator.order,
                indicator.code,
                indicator.name,
                indicator.unit_of_measure,
                xlsx.excel_number(planned.get(indicator.pk)),
                period.label,
                hints[(indicator.measure, indicator.monitoring_frequency_months)],
                value,
                actual.explanation if actual else None,
                actual.deviation_reason if actual else None,
            ],
        )
    _style_template(ws, len(indicators))
    info = wb.create_sheet(INFO_SHEET_TITLE)
    for line in _template_info(plan, period, unit, len(indicators)):
        xlsx.append(info, line)
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 100
    info.protection.sheet = True
    return xlsx.workbook_bytes(wb)


def _style_template(ws: Any, count: int) -> None:
    last = count + 1
    xlsx.set_widths(ws, [_WIDTHS[name] for name in TEMPLATE_COLUMNS])
    for position, name in enumerate(TEMPLATE_COLUMNS, start=1):
        header = ws.cell(row=1, column=position)
        xlsx.style_header(header, xlsx.INPUT_HEADER if name in INPUT_COLUMNS else xlsx.DARK_HEADER)
        for row in range(2, last + 1):
            cell = ws.cell(row=row, column=position)
            if name in INPUT_COLUMNS:
                cell.protection = xlsx.UNLOCKED
                if name != COL_VALUE:
                    cell.alignment = xlsx.WRAP
            else:
                cell.fill = xlsx.CONTEXT_FILL
                cell.alignment = xlsx.top_aligned(wrap=name in (COL_NAME, COL_HINT))
    value_position = TEMPLATE_COLUMNS.index(COL_VALUE) + 1
    value_col = get_column_letter(value_position)
    if count:
        # A number >= 0, or the text "veri yok" (a declaration: Açıklama gives the reason).
        first = f"{value_col}2"
        check = DataValidation(
            type="custom",
            formula1=(
                f'OR(AND(ISNUMBER({first}),{first}>=0),LOWER(TRIM({first}))="{NO_DATA_TEXT}")'
            ),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Değer",
            error=(
                "Değer 0 ya da daha büyük bir sayı olmalıdır; ölçülemiyorsa "
                '"veri yok" yazıp nedenini Açıklama sütununa yazın.'
            ),
        )
        check.add(f"{value_col}2:{value_col}{last}")
        ws.add_data_validation(check)
    xlsx.freeze_below(ws, 1, column=value_position)
    xlsx.add_filter(ws, 1, len(TEMPLATE_COLUMNS), last)
    # Locked cells can be selected and read, not changed; sorting and filtering stay possible.
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.formatColumns = False


def _template_info(plan: Plan, period: Period, unit: Unit | None, count: int) -> list[list[str]]:
    """The "Bilgi" sheet: what the file is and how to fill it (the file format is Turkish)."""
    return [
        ["Plan", plan.name],
        ["Dönem", period.label],
        ["Birim", unit.name if unit is not None else "Tüm birimler"],
        ["Gösterge sayısı", str(count)],
        ["Oluşturulma", format_datetime_tr(timezone.localtime())],
        [],
        [
            "Nasıl doldurulur",
            "Yalnızca yeşil başlıklı sütunları doldurun: Değer, Açıklama, "
            "Sapma Nedeni. Gri sütunlar bilgi içindir ve değiştirilemez.",
        ],
        [
            "Satır anahtarı",
            "Her satır Hedef, Sıra ve Dönem ile tanınır (Dönem 2025-H1 gibi "
            "yazılır). Bu üç sütunu değiştirmeyin.",
        ],
        [
            "Değer",
            "0 ya da daha büyük bir sayı; 1.234,5 ya da 1234.5 biçiminde yazılabilir. "
            "Boş bırakılan hücre kayıtlı bilgiyi değiştirmez (silmek için giriş formunu "
            "kullanın).",
        ],
        [
            "Ne Girilir",
            "Her satırın ne istediği göstergenin türüne göre: akış göstergesinde bu dönemde "
            "yapılan miktar (yılın toplamı değil), düzey göstergesinde dönem sonu değeri, "
            "ortalama göstergesinde dönem değeri.",
        ],
        [
            "Veri yok",
            'Bir gösterge bu dönem ölçülemiyorsa Değer hücresine "veri yok" yazın ve nedenini '
            "Açıklama sütununa yazın (zorunlu). Satır yanıtlanmış sayılır; hesaplamada eksik "
            "değer olarak ele alınır.",
        ],
        [
            "Yükleme",
            "Dosyayı Karsplan'da Excel sayfasından yükleyin: önce bir önizleme "
            "gösterilir, onaylamadan hiçbir şey kaydedilmez.",
        ],
        [
            "Biçimler",
            ".xlsx ya da CSV (UTF-8 ya da Excel'in Türkçe CSV'si; noktalı virgül, virgül ya "
            "da sekmeyle ayrılmış), en çok 5 MB.",
        ],
    ]
