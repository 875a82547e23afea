"""The Excel renderer: the report's tables as a workbook (openpyxl), a pure function.

Sheets: the summary (plan, aims, targets), the Yönetici Özeti (its sentences), one sheet per
aim (its indicators under the Kılavuz headings), data
completeness, values not yet approved, and the settings used. Numbers are numbers: figures
rounded to two places as the PDF shows them, with the number format '#,##0.00' (Excel shows it
with the reader's separators: 1.234,56 in Turkish). Header rows are frozen, columns sized.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from indicators.computation import round2
from karsplan.lib import xlsx
from reports.rendering.context import AimSection, ReportData, status_label
from reports.rendering.files import XLSX, RenderedFile, report_filename
from reports.rendering.summary import executive_summary

__all__ = ["render_xlsx"]

NUMBER = xlsx.NUMBER
INTEGER = xlsx.INTEGER
BOLD = xlsx.BOLD

# (header, width, number format or None)
Column = tuple[str, float, str | None]


def _fig(value: Decimal | None) -> Decimal | None:
    """A figure as the PDF shows it: rounded half up to two places."""
    return round2(value)


def _raw(value: Decimal | None) -> Decimal | int | None:
    """A measured value (A, B, C, amounts) as stored, without trailing zeros or exponent."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return Decimal(format(value.normalize(), "f"))


def _approved(flag: bool | None) -> str:
    if flag is None:
        return ""
    return _("yes") if flag else _("no")


def _sheet_title(text: str, taken: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "-", text)[:31] or "-"
    base, n = title, 2
    while title in taken:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title)
    return title


def _table(ws: Worksheet, row: int, columns: Sequence[Column], rows: Sequence[Sequence]) -> int:
    """Write a header at `row` and the rows below it; freeze above the first data row.

    Returns the next free row.
    """
    return xlsx.write_table(
        ws,
        [header for header, _width, _fmt in columns],
        rows,
        row=row,
        style=xlsx.LIGHT_HEADER,
        widths=[width for _header, width, _fmt in columns],
        formats=[fmt for _header, _width, fmt in columns],
        wrap_long=True,
    )


def _heading(ws: Worksheet, data: ReportData, subtitle: str) -> int:
    """Title lines at the top of a sheet; returns the row for the table header."""
    xlsx.put(ws, 1, 1, f"{data.plan.institution} · {data.title}").font = xlsx.TITLE
    xlsx.put(ws, 2, 1, f"{data.plan.name} · {data.period_label}")
    xlsx.put(ws, 3, 1, subtitle).font = BOLD
    return 5


def _summary(ws: Worksheet, data: ReportData) -> None:
    results = data.results
    row = _heading(
        ws,
        data,
        _("Summary. Figures as of %(date)s.")
        % {"date": date_format(timezone.localtime(data.generated_at), "SHORT_DATETIME_FORMAT")},
    )
    columns: list[Column] = [
        (_("Level"), 10, None),
        (_("Code"), 9, None),
        (_("Title"), 60, None),
        (_("Responsible unit"), 34, None),
        (_("Realization (%)"), 14, NUMBER),
        (_("Coverage (%)"), 13, NUMBER),
        (_("Status"), 16, None),
        (_("Approved"), 10, None),
        (_("Planned cost (TL)"), 18, NUMBER),
        (_("Spent (TL)"), 18, NUMBER),
        (_("Budget (%)"), 12, NUMBER),
    ]

    def figures_row(level: str, code: str, title: str, unit: str, f: object) -> list:
        """One summary line: the plan, an aim or a target, with the same figure columns."""
        return [
            level,
            code,
            title,
            unit,
            _fig(f.realization),
            _fig(f.coverage),
            status_label(f.band) if f.band is not None else "",
            _approved(f.approved),
            _raw(f.budget.planned),
            _raw(f.budget.actual),
            _fig(f.budget.realization),
        ]

    rows = [figures_row(_("Plan"), "", data.plan.name, "", results)]
    for aim in data.aims:
        rows.append(
            figures_row(_("Aim"), aim.figures.aim.code, aim.figures.aim.title, "", aim.figures)
        )
        for t in aim.targets:
            rows.append(
                figures_row(
                    _("Target"),
                    t.target.code,
                    t.target.title,
                    t.target.responsible_unit.name,
                    t.figures,
                )
            )
    next_row = _table(ws, row, columns, rows)
    for r in range(row + 1, next_row):
        if ws.cell(row=r, column=1).value != _("Target"):
            for c in range(1, len(columns) + 1):
                ws.cell(row=r, column=c).font = BOLD
    next_row += 1
    xlsx.put(ws, next_row, 1, _("Indicators by status")).font = BOLD
    for i, (_key, label, count) in enumerate(data.status_counts(), start=next_row + 1):
        xlsx.put(ws, i, 2, label)
        xlsx.put(ws, i, 5, count).number_format = INTEGER


def _aim_sheet(ws: Worksheet, data: ReportData, aim: AimSection) -> None:
    """An aim's indicators with the Kılavuz headings (the PDF's table, one row each)."""
    f = aim.figures
    row = _heading(ws, data, f"{f.aim.code} {f.aim.title}")

    def realized(period: str) -> str:
        return pgettext("report", "Monitoring period realized value (%(period)s)") % {
            "period": period
        }

    columns: list[Column] = [
        (_("Target"), 9, None),
        (_("Code"), 11, None),
        (pgettext("report", "Performance indicator"), 50, None),
        (_("Unit"), 9, None),
        (pgettext("report", "Effect on the target (%)"), 10, NUMBER),
        (pgettext("report", "Plan period baseline value"), 14, NUMBER),
        (pgettext("report", "Year-end planned value"), 14, NUMBER),
    ]
    if data.is_annual:
        columns += [
            (realized(pgettext("report", "Period I")), 16, NUMBER),
            (realized(pgettext("report", "Period II")), 16, NUMBER),
            (realized(pgettext("report", "Year end")), 16, NUMBER),
        ]
    else:
        columns.append((pgettext("report", "Monitoring period realized value"), 16, NUMBER))
    if data.half == 1:
        columns += [
            (pgettext("report", "Realization rate (%), against the year-end target"), 16, NUMBER),
            (_("Against expected progress (%)"), 16, NUMBER),
        ]
    else:
        columns.append((pgettext("report", "Realization rate (%)"), 14, NUMBER))
    columns += [
        (_("Status"), 16, None),
        (_("Approved"), 10, None),
        (_("Explanation"), 50, None),
        (pgettext("report", "Deviation reason"), 40, None),
        (pgettext("report", "No data (veri yok) declared"), 40, None),
    ]
    if data.is_annual:
        columns += [
            (_("Planned to date"), 14, NUMBER),
            (_("Achieved to date"), 14, NUMBER),
            (_("Plan to date (%)"), 14, NUMBER),
            (_("Plan to date status"), 16, None),
        ]
    rows = []
    for t in aim.targets:
        cumulative = {c.figures.indicator.pk: c for c in t.cumulative}
        for r in t.rows:
            fig = r.figures
            values = [
                t.target.code,
                fig.code,
                fig.indicator.name,
                fig.indicator.unit_of_measure,
                _raw(fig.weight),
                _raw(fig.A),
                _raw(fig.B),
            ]
            if data.is_annual:
                values += [_raw(r.h1_value), _raw(r.h2_value)]
            values += [_raw(fig.C), _fig(fig.realization)]
            if data.half == 1:
                values.append(_fig(fig.expected_realization))
            declared = "; ".join(f"{period}: {reason}" for period, reason in r.declarations)
            values += [
                r.status_label,
                _approved(fig.approved),
                r.explanation,
                "\n".join(r.deviation_texts),
                declared,
            ]
            if data.is_annual:
                c = cumulative[fig.indicator.pk]
                values += [
                    _raw(c.result.B),
                    _raw(c.result.C),
                    _fig(c.result.realization),
                    c.status_label,
                ]
            rows.append(values)
    _table(ws, row, columns, rows)


def _executive(ws: Worksheet, data: ReportData) -> None:
    """The Yönetici Özeti as lines of text (the PDF's and Word's sentences)."""
    summary = executive_summary(data)
    row = _heading(ws, data, pgettext("report", "Executive summary"))
    parts = [
        (pgettext("report", "Plan and aims"), [*summary.overview, *summary.aims]),
        (pgettext("report", "The strongest targets"), [t.line for t in summary.strongest]),
        (
            pgettext("report", "The weakest targets"),
            [
                line
                for t in summary.weakest
                for line in (
                    t.line,
                    f"{pgettext('report', 'Deviation reasons:')} {t.deviation_reasons or '–'}",
                    f"{pgettext('report', 'Corrective actions:')} {t.corrective_actions or '–'}",
                )
            ],
        ),
        (pgettext("report", "Budget"), summary.budget),
        (pgettext("report", "Data completeness"), summary.completeness),
        (pgettext("report", "Change since the previous period"), summary.change),
    ]
    if summary.risk is not None:
        parts.append((pgettext("report", "Targets at risk"), summary.risk))
    parts.append(
        (pgettext("report", "The strategy office's assessment"), [summary.assessment or "–"])
    )
    rows = [[title, line] for title, lines in parts for line in lines]
    _table(
        ws,
        row,
        [(pgettext("report", "Section"), 30, None), (pgettext("report", "Text"), 120, None)],
        rows,
    )


def _completeness(ws: Worksheet, data: ReportData) -> None:
    row = _heading(ws, data, _("Data completeness by unit"))
    columns: list[Column] = [
        (_("Unit"), 40, None),
        (_("Targets"), 9, INTEGER),
        (_("Indicators due"), 12, INTEGER),
        (_("Values entered"), 12, INTEGER),
        (_("Completeness (%)"), 14, NUMBER),
        (_("Approved"), 10, INTEGER),
        (_("Submission"), 16, None),
    ]
    rows = [
        [u.unit, u.targets, u.due, u.entered, _fig(u.percent), u.approved, u.submission]
        for u in data.completeness
    ]
    _table(ws, row, columns, rows)


def _pending(ws: Worksheet, data: ReportData) -> None:
    row = _heading(ws, data, _("Values not yet approved"))
    columns: list[Column] = [
        (_("Unit"), 36, None),
        (_("Target"), 9, None),
        (_("Code"), 11, None),
        (_("Indicator"), 50, None),
        (_("Period"), 10, None),
        (_("Value"), 12, NUMBER),
        (_("Unit of measure"), 10, None),
        (_("Submission"), 16, None),
    ]
    rows = [
        [
            p.unit,
            p.target_code,
            p.indicator_code,
            p.indicator_name,
            p.period,
            _raw(p.value),
            p.unit_of_measure,
            p.submission,
        ]
        for p in data.pending
    ]
    _table(ws, row, columns, rows)


def _settings(ws: Worksheet, data: ReportData) -> None:
    m = data.methodology
    row = _heading(ws, data, _("Settings used"))
    rows = [
        [_("Clamp to 0–100 in the target's figure"), _("on") if m.clamp else _("off")],
        [
            _("Aim realization"),
            _("cost-weighted mean") if m.aim_mean == "cost" else _("plain mean"),
        ],
        [
            _("Plan realization"),
            _("cost-weighted mean") if m.plan_mean == "cost" else _("plain mean"),
        ],
    ]
    for label, lower, _upper in m.bands:
        if lower is not None:
            rows.append([_("Lower bound of “%(band)s” (%%)") % {"band": label}, lower])
    _table(ws, row, [(_("Setting"), 50, None), (_("Value"), 20, NUMBER)], rows)


def render_xlsx(data: ReportData) -> RenderedFile:
    """The report's tables as an .xlsx workbook: `(filename, content_type, bytes)`."""
    with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        wb = Workbook()
        taken: set[str] = set()
        ws = wb.active
        ws.title = _sheet_title(_("Summary"), taken)
        _summary(ws, data)
        _executive(
            wb.create_sheet(_sheet_title(pgettext("report", "Executive summary"), taken)), data
        )
        for aim in data.aims:
            _aim_sheet(wb.create_sheet(_sheet_title(aim.figures.aim.code, taken)), data, aim)
        _completeness(wb.create_sheet(_sheet_title(_("Completeness"), taken)), data)
        _pending(wb.create_sheet(_sheet_title(_("Not approved"), taken)), data)
        _settings(wb.create_sheet(_sheet_title(_("Settings"), taken)), data)
        wb.properties.title = f"{data.title} · {data.period_label}"
        wb.properties.creator = data.plan.institution
        wb.properties.created = timezone.localtime(data.generated_at).replace(tzinfo=None)
        content = xlsx.workbook_bytes(wb)
    return RenderedFile(
        filename=report_filename(data.kind, data.year, data.half, "xlsx"),
        content_type=XLSX,
        content=content,
    )
