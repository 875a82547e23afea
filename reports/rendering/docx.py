"""The Word renderer: the report as a .docx for the annual faaliyet raporu (python-docx).

A pure function from `ReportData` to a `RenderedFile`, like the PDF and Excel renderers, with
the same contents: the cover (logo, date, preparer, council decision), a table of contents
field (Word fills it in when the document is opened: `w:updateFields`), the Yönetici Özeti
and the strategy office's assessment, the summary table, every aim and target with the
Kılavuz indicator table (real Word tables; header rows repeat on every page, rows never split)
and the deviation reasons beside each indicator, the review's narrative, the annual
evaluation criteria and plan-to-date table, and the annexes (methodology, completeness,
values not yet approved). Headings use Word's own styles (Heading 1–3), so that the strategy
office can paste the sections into the faaliyet raporu and keep its numbering.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from docx import Document
from docx.shared import Cm, Pt, RGBColor

from karsplan.lib.numbers import format_tr, format_tr_auto
from reports.charts import percent
from reports.rendering.context import AimSection, ReportData, TargetSection
from reports.rendering.docx_blocks import field, table, update_fields_on_open
from reports.rendering.files import DOCX, RenderedFile, report_filename
from reports.rendering.summary import ExecutiveSummary, executive_summary

__all__ = ["render_docx"]

BRAND = RGBColor(0x8A, 0x1C, 0x24)


def _t(msgid: str) -> str:
    """A msgid shared with the PDF templates, where `{% translate %}` doubles each "%"."""
    return _(msgid).replace("%%", "%")


def _pt(msgid: str) -> str:
    return pgettext("report", msgid).replace("%%", "%")


def _num(value: object) -> str:
    return format_tr_auto(value)


def _pct(value: object) -> str:
    return format_tr(value, places=2)


# --- Parts ---------------------------------------------------------------------------------


def _cover(document: object, data: ReportData) -> None:
    plan = data.plan
    if data.logo is not None and data.logo.content_type == "image/png":
        document.add_picture(io.BytesIO(data.logo.content), height=Cm(2.5))
    p = document.add_paragraph()
    run = p.add_run(plan.institution.replace("i", "İ").upper())  # Turkish capitals
    run.bold = True
    run.font.size = Pt(13)
    run.font.color.rgb = BRAND
    document.add_paragraph(f"{plan.name} ({plan.start_year}–{plan.end_year})")
    document.add_heading(data.title, level=0)
    document.add_paragraph(data.period_label).runs[0].font.size = Pt(14)
    if data.unapproved_count:
        document.add_paragraph(
            ngettext(
                "%(counter)s indicator figure in this report rests on values not yet approved"
                " by the strategy office; they are marked with * and listed in Annex 3.",
                "%(counter)s indicator figures in this report rest on values not yet approved"
                " by the strategy office; they are marked with * and listed in Annex 3.",
                data.unapproved_count,
            )
            % {"counter": data.unapproved_count}
        )
    generated = timezone.localtime(data.generated_at)
    prepared = _("Strategy office (Karsplan)")
    if data.prepared_by:
        prepared = f"{data.prepared_by} · {prepared}"
    if data.council_decision_date or data.council_decision_number:
        decision = " · ".join(
            [
                formats.date_format(data.council_decision_date, "SHORT_DATE_FORMAT")
                if data.council_decision_date
                else "…",
                data.council_decision_number or "…",
            ]
        )
    else:
        decision = _pt("(to be filled in after the council's approval)")
    table(
        document,
        [_("Institution"), plan.institution],
        [
            [_("Strategic plan"), f"{plan.name} ({plan.start_year}–{plan.end_year})"],
            [_("Report"), data.title],
            [_("Period"), data.period_label],
            [_("Date"), formats.date_format(generated, "SHORT_DATE_FORMAT")],
            [_("Prepared by"), prepared],
            [_pt("Council decision date and number"), decision],
        ],
        widths=[5, 11],
        size=9,
    )
    document.add_page_break()
    document.add_heading(_("Contents"), level=1)
    field(
        document.add_paragraph(),
        'TOC \\o "1-2" \\h \\z \\u',
        _("Right-click and choose “Update field” to show the table of contents."),
    )
    document.add_page_break()


def _summary(document: object, summary: ExecutiveSummary) -> None:
    document.add_heading(_pt("Executive summary"), level=1)
    document.add_heading(_pt("Plan and aims"), level=2)
    for sentence in summary.overview:
        document.add_paragraph(sentence)
    for sentence in summary.aims:
        document.add_paragraph(sentence, style="List Bullet")
    document.add_heading(_pt("The strongest targets"), level=2)
    for t in summary.strongest:
        document.add_paragraph(t.line, style="List Bullet")
    if not summary.strongest:
        document.add_paragraph(_pt("No target has a figure for this period yet."))
    document.add_heading(_pt("The weakest targets"), level=2)
    for t in summary.weakest:
        document.add_paragraph().add_run(t.line).bold = True
        none = _("the responsible unit gave none.")
        document.add_paragraph(f"{_pt('Deviation reasons:')} {t.deviation_reasons or none}")
        document.add_paragraph(f"{_pt('Corrective actions:')} {t.corrective_actions or none}")
    if not summary.weakest:
        document.add_paragraph(_pt("No target has a figure for this period yet."))
    document.add_heading(_pt("Budget"), level=2)
    for sentence in summary.budget:
        document.add_paragraph(sentence)
    document.add_heading(_pt("Data completeness"), level=2)
    for sentence in summary.completeness:
        document.add_paragraph(sentence)
    document.add_heading(_pt("Change since the previous period"), level=2)
    for sentence in summary.change:
        document.add_paragraph(sentence)
    if summary.risk is not None:
        document.add_heading(_pt("Targets at risk"), level=2)
        for sentence in summary.risk:
            document.add_paragraph(sentence)
    document.add_heading(_pt("The strategy office's assessment"), level=2)
    if summary.assessment:
        for block in summary.assessment.split("\n\n"):
            document.add_paragraph(block.strip())
    else:
        document.add_paragraph(
            _pt("The strategy office has not written an assessment for this report.")
        )
    document.add_page_break()


def _overview(document: object, data: ReportData) -> None:
    results = data.results
    document.add_heading(_("Summary"), level=1)
    rows = [
        [
            f"{a.figures.aim.code} {a.figures.aim.title}",
            str(len(a.targets)),
            _pct(a.figures.realization),
            _pct(a.figures.coverage),
            a.band_label or "–",
            format_tr(a.figures.budget.planned, places=0),
            format_tr(a.figures.budget.actual, places=0),
        ]
        for a in data.aims
    ]
    rows.append(
        [
            _("Plan"),
            str(len(data.targets())),
            _pct(results.realization),
            _pct(results.coverage),
            data.band_label or "–",
            format_tr(results.budget.planned, places=0),
            format_tr(results.budget.actual, places=0),
        ]
    )
    table(
        document,
        [
            _("Aim"),
            _("Targets"),
            _t("Realization (%%)"),
            _t("Coverage (%%)"),
            _("Status"),
            _("Planned cost (TL)"),
            _("Spent (TL)"),
        ],
        rows,
        numeric={1, 2, 3, 5, 6},
        widths=[6, 1.5, 2, 2, 2, 2.5, 2.5],
    )
    table(
        document,
        [_("Status"), _("Indicators")],
        [[label, str(count)] for _key, label, count in data.status_counts()],
        numeric={1},
        widths=[6, 3],
    )


def _indicator_table(document: object, data: ReportData, t: TargetSection) -> None:
    annual = data.is_annual
    head = [
        _("Code"),
        _pt("Performance indicator"),
        _pt("Effect on the target (%)"),
        _pt("Plan period baseline value"),
        _pt("Year-end planned value"),
    ]
    realized = _pt("Monitoring period realized value")
    if annual:
        headers = [
            [
                *head,
                realized,
                realized,
                realized,
                _pt("Realization rate (%)"),
                _("Status"),
                _pt("Deviation reason"),
            ],
            [*([""] * len(head)), _pt("Period I"), _pt("Period II"), _pt("Year end"), "", "", ""],
        ]
    else:
        headers = [
            [*head, realized, _pt("Realization rate (%)"), _("Status"), _pt("Deviation reason")]
        ]
    rows = []
    for row in t.rows:
        fig = row.figures
        name = f"{row.indicator.name} ({row.indicator.unit_of_measure})"
        if row.explanation:
            name += f"\n{row.explanation}"
        mark = "*" if row.unapproved else ""
        values = [fig.code, name, _num(fig.weight), _num(fig.A), _num(fig.B)]
        if annual:
            values += [
                _num(row.h1_value) + ("*" if row.h1 and not row.h1.approved else ""),
                _num(row.h2_value) + ("*" if row.h2 and not row.h2.approved else ""),
            ]
        values.append(_num(fig.C) + mark)
        if row.progress is not None:
            rate = (
                f"{percent(fig.realization)} {_pt('against the year-end target')}\n"
                f"{percent(row.progress)} {_('against the expected progress')}"
            )
        else:
            rate = _pct(fig.realization)
        values += [rate, row.status_label, "\n".join(row.reasons) or "–"]
        rows.append(values)
    numeric = set(range(2, 9 if annual else 7))
    table(
        document,
        headers,
        rows,
        caption=f"{t.target.code} {t.target.title}",
        numeric=numeric,
        widths=(
            [1.4, 3.6, 1.2, 1.4, 1.4, 1.3, 1.3, 1.3, 1.5, 1.4, 3.0]
            if annual
            else [1.4, 4.2, 1.3, 1.6, 1.6, 1.7, 2.2, 1.5, 3.2]
        ),
        size=7,
    )


def _target(document: object, data: ReportData, aim: AimSection, t: TargetSection) -> None:
    tf = t.figures
    document.add_heading(f"{t.target.code} {t.target.title}", level=2)
    mark = "*" if tf.approved is False else ""
    realization = f"{percent(tf.realization)}{mark}"
    if t.band_label:
        realization += f" · {t.band_label}"
    realization += f" · {_('coverage')} {percent(tf.coverage)}"
    table(
        document,
        [_("Aim"), f"{aim.figures.aim.code} {aim.figures.aim.title}"],
        [
            [_("Responsible unit"), t.target.responsible_unit.name],
            [_("Cooperating units"), t.cooperating],
            [_("Target realization"), realization],
            [
                _("Cost in %(year)s") % {"year": data.year},
                f"{_('planned')} {format_tr(tf.budget.planned, places=0)} TL · "
                f"{_('spent')} {format_tr(tf.budget.actual, places=0)} TL · "
                f"{_('budget realization')} {percent(tf.budget.realization)}",
            ],
        ],
        widths=[4, 12],
        size=8.5,
    )
    document.add_heading(_("Performance indicators"), level=3)
    _indicator_table(document, data, t)
    document.add_heading(_("Deviations and corrective actions"), level=3)
    if t.has_narrative:
        for _name, label, text in t.narrative:
            if text:
                document.add_paragraph().add_run(label).bold = True
                document.add_paragraph(text)
    else:
        document.add_paragraph(
            _(
                "The responsible unit has not reported deviations or corrective actions for "
                "this period."
            )
        )
    if data.is_annual:
        document.add_heading(_("Evaluation criteria"), level=3)
        table(
            document,
            [_("Evaluation criteria"), ""],
            [[label, text or "–"] for _name, label, text in t.criteria],
            widths=[4, 12],
            size=8,
        )
        document.add_heading(
            _("Plan to date (%(start)s–%(end)s)")
            % {"start": data.plan.start_year, "end": data.year},
            level=3,
        )
        table(
            document,
            [
                _("Code"),
                _("Indicator"),
                _("Unit"),
                _("Planned to date"),
                _("Achieved to date"),
                _t("Real. (%%)"),
                _("Status"),
            ],
            [
                [
                    c.figures.code,
                    c.figures.indicator.name,
                    c.figures.indicator.unit_of_measure,
                    _num(c.result.B),
                    _num(c.result.C),
                    _pct(c.result.realization),
                    c.status_label,
                ]
                for c in t.cumulative
            ],
            numeric={3, 4, 5},
            widths=[1.5, 6, 1.5, 2, 2, 1.5, 2],
        )


def _aim(document: object, data: ReportData, aim: AimSection) -> None:
    f = aim.figures
    document.add_page_break()
    document.add_heading(f"{f.aim.code} {f.aim.title}", level=1)
    table(
        document,
        [
            _("Target"),
            _("Responsible unit"),
            _t("Realization (%%)"),
            _t("Coverage (%%)"),
            _("Planned cost (TL)"),
            _("Spent (TL)"),
        ],
        [
            [
                f"{t.target.code} {t.target.title}",
                t.target.responsible_unit.name,
                _pct(t.figures.realization),
                _pct(t.figures.coverage),
                format_tr(t.figures.budget.planned, places=0),
                format_tr(t.figures.budget.actual, places=0),
            ]
            for t in aim.targets
        ],
        numeric={2, 3, 4, 5},
        widths=[6, 3.5, 1.8, 1.8, 2.2, 2.2],
    )
    for t in aim.targets:
        _target(document, data, aim, t)


def _annexes(document: object, data: ReportData) -> None:
    m = data.methodology
    document.add_page_break()
    document.add_heading(_("Annex 1. Methodology"), level=1)
    document.add_paragraph(
        _(
            "The figures follow the method of the Strategic Planning Guide for Public "
            "Administrations (Kamu İdareleri İçin Stratejik Planlama Kılavuzu). For each "
            "indicator and year: A is the baseline (the value at the start of the plan), B the "
            "value planned for the year, C the value achieved in the year so far, made from the "
            "period values entered."
        )
    )
    document.add_paragraph(_t("Realization (%%) = (C − A) / (B − A) × 100"))
    document.add_paragraph(
        _(
            "Flow indicators start from zero each year, so the baseline is not used: C / B × "
            "100 for indicators where higher is better, B / C × 100 where lower is better."
        )
    )
    document.add_paragraph(
        _t("Target realization = Σ (weightᵢ × clamp(realizationᵢ, 0, 100)) / Σ weightᵢ")
        if m.clamp
        else _t("Target realization = Σ (weightᵢ × realizationᵢ) / Σ weightᵢ")
    )
    bands = []
    for label, lower, upper in m.bands:
        if lower is None:
            span = f"< {_num(upper)}"
        elif upper is None:
            span = f"≥ {_num(lower)}"
        else:
            span = f"{_num(lower)} – {_num(upper)}"
        bands.append([span, label])
    table(document, [_t("Realization (%%)"), _("Status")], bands, widths=[5, 5])

    document.add_heading(_("Annex 2. Data completeness by unit"), level=1)
    table(
        document,
        [
            _("Unit"),
            _("Targets"),
            _("Indicators due"),
            _("Values entered"),
            _t("Completeness (%%)"),
            _("Approved"),
            _("Submission"),
        ],
        [
            [
                u.unit,
                str(u.targets),
                str(u.due),
                str(u.entered),
                _pct(u.percent),
                str(u.approved),
                u.submission,
            ]
            for u in data.completeness
        ],
        numeric={1, 2, 3, 4, 5},
        widths=[5, 1.5, 1.8, 1.8, 2, 1.6, 2.5],
    )

    document.add_heading(_("Annex 3. Values not yet approved"), level=1)
    if data.pending:
        table(
            document,
            [
                _("Unit"),
                _("Target"),
                _("Code"),
                _("Indicator"),
                _("Period"),
                _("Value"),
                _("Submission"),
            ],
            [
                [
                    p.unit,
                    p.target_code,
                    p.indicator_code,
                    p.indicator_name,
                    p.period,
                    f"{_num(p.value)} {p.unit_of_measure}",
                    p.submission,
                ]
                for p in data.pending
            ],
            numeric={5},
            widths=[3.5, 1.3, 1.6, 5, 1.6, 2, 2],
        )
    else:
        document.add_paragraph(_("Every value used in this report is approved."))


def render_docx(data: ReportData) -> RenderedFile:
    """The report as a Word document: `(filename, content_type, bytes)`. No database access."""
    with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        document = Document()
        section = document.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21)
        section.left_margin = section.right_margin = Cm(1.8)
        section.top_margin = section.bottom_margin = Cm(2)
        document.styles["Normal"].font.name = "Calibri"
        document.styles["Normal"].font.size = Pt(10)
        footer = section.footer.paragraphs[0]
        footer.text = f"{data.plan.institution} · {data.title} · {data.period_label} · "
        field(footer, "PAGE", "1")
        update_fields_on_open(document)
        _cover(document, data)
        _summary(document, executive_summary(data))
        _overview(document, data)
        for aim in data.aims:
            _aim(document, data, aim)
        _annexes(document, data)
        props = document.core_properties
        props.title = f"{data.title} · {data.period_label}"
        props.author = data.plan.institution
        props.created = timezone.localtime(data.generated_at).replace(tzinfo=None)
        out = io.BytesIO()
        document.save(out)
    return RenderedFile(
        filename=report_filename(data.kind, data.year, data.half, "docx"),
        content_type=DOCX,
        content=out.getvalue(),
    )
