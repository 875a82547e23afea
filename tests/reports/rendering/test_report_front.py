"""The report's front pages tell the reader what the figures rest on (issues 11 and 16):
the Yönetici Özeti says plainly when an aim's or the plan's coverage is too low for a result
(the dashboards' one rule), names the targets whose spending is beyond the budget tolerance,
the cover names the figures resting on unapproved values, its date and preparer; at H1 every
indicator row prints both labelled figures."""

from __future__ import annotations

import re

import pytest
from django.db.models import Sum

from budget.models import CostEstimate
from goals.models import Plan, Target
from indicators.models import Expenditure
from karsplan.lib.numbers import format_tr
from reports.charts import percent
from reports.headline import MIN_HEADLINE_COVERAGE
from reports.models import ReportKind
from reports.problems import budget_tolerance
from reports.rendering import report_data
from reports.rendering.pdf import render_html
from reports.rendering.summary import executive_summary
from tests.reports.report_data import fill_period

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_aims_and_the_plan_below_half_coverage_are_not_presented_as_results(plan: Plan):
    fill_period(plan, 2025, 2, coverage=0.3)
    data = report_data(plan, ReportKind.MONITORING, 2025, 2)
    summary = executive_summary(data)
    note = "değeri olan hedeflerin ortalaması henüz amacın sonucu değildir"
    low = [a for a in data.aims if a.figures.realization is not None]
    low = [a for a in low if a.figures.coverage < MIN_HEADLINE_COVERAGE]
    assert low, "the fixture must give an aim with a figure below 50 % coverage"
    for aim, sentence in zip(data.aims, summary.aims, strict=True):
        too_few = aim in low
        assert (note in sentence) is too_few, sentence
        if too_few:
            assert "Kapsama %50 altında" in sentence
    plan_note = "bu oran henüz planın sonucunu göstermiyor"
    assert (plan_note in " ".join(summary.overview)) is (
        data.results.coverage < MIN_HEADLINE_COVERAGE
    )


def test_the_summary_names_every_target_spending_beyond_the_tolerance(plan: Plan):
    # Only H2 filled: the year's spending is 30-60 % of each planned cost, expected 100 %.
    fill_period(plan, 2025, 2)
    tolerance = budget_tolerance()
    far, near = {}, []
    for target in Target.objects.filter(plan=plan).order_by("order"):
        planned = CostEstimate.objects.filter(target=target, year=2025).first()
        spent = Expenditure.objects.filter(target=target, period__year=2025).aggregate(
            s=Sum("amount")
        )["s"]
        if planned is None or not planned.amount or spent is None:
            continue
        if abs(spent / planned.amount * 100 - 100) > tolerance:
            far[target.code] = (planned.amount, spent)
        else:
            near.append(target.code)
    assert far, "the fixture must give a target beyond the tolerance"
    budget = executive_summary(report_data(plan, ReportKind.MONITORING, 2025, 2)).budget
    assert budget[0].startswith(f"{len(far)} hedefin harcaması"), budget[0]
    assert f"{format_tr(tolerance, places=0)} puandan fazla saptı" in budget[0], budget[0]
    for code, (planned, spent) in far.items():
        [line] = [s for s in budget[1:] if s.startswith(f"{code}: ")]
        assert f"planlanan {format_tr(planned, places=0)} TL" in line, line
        assert f"harcanan {format_tr(spent, places=0)} TL" in line, line
    for code in near:
        assert not any(s.startswith(f"{code}: ") for s in budget[1:])


def test_the_cover_names_the_unapproved_figures_the_date_and_the_preparer(plan: Plan):
    fill_period(plan, 2025, 1, approved_share=0.0)
    data = report_data(plan, ReportKind.MONITORING, 2025, 1, prepared_by="Ayşe Yılmaz")
    assert data.unapproved_count > 0
    html = render_html(data)
    cover = text_of(html.split('<section class="cover">')[1].split("</section>")[0])
    assert (
        f"Bu rapordaki {data.unapproved_count} gösterge rakamı, strateji birimince henüz "
        "onaylanmamış değerlere dayanmaktadır" in cover
    )
    assert f"Tarih {data.generated_at:%d.%m.%Y}" in cover
    assert "Hazırlayan Ayşe Yılmaz · Strateji Birimi (Karsplan)" in cover
    assert "Meclis karar tarihi ve sayısı" in cover
    # The six-monthly report opens with the Yönetici Özeti too, before the first target card.
    summary = html.index('<section id="executive-summary"')
    assert "Yönetici Özeti" in html[summary : summary + 400]
    assert summary < html.index(f'id="{data.aims[0].targets[0].anchor}"', summary)


def test_at_h1_every_indicator_row_prints_both_labelled_figures(plan: Plan):
    fill_period(plan, 2025, 1)
    data = report_data(plan, ReportKind.MONITORING, 2025, 1)
    text = text_of(render_html(data))
    checked = differ = 0
    for section in data.targets():
        for row in section.rows:
            fig = row.figures
            if fig.realization is None:
                continue
            pair = (
                f"{percent(fig.realization)} yıl sonu hedefine göre "
                f"{percent(row.progress)} beklenen ilerlemeye göre"
            )
            assert pair in text, (fig.code, pair)
            checked += 1
            differ += fig.realization != row.progress
    assert checked and differ  # flows at H1: the two figures differ


def test_the_pdf_summary_does_not_present_a_low_coverage_mean_as_the_plans_result(plan: Plan):
    fill_period(plan, 2025, 1, coverage=1.0)
    fill_period(plan, 2025, 2, coverage=0.2)
    note = "bu oran henüz planın sonucunu göstermiyor"
    low = report_data(plan, ReportKind.MONITORING, 2025, 2)
    assert low.results.realization is not None
    assert low.results.coverage < MIN_HEADLINE_COVERAGE
    summary = text_of(render_html(low).split('<section id="summary"')[1].split("</section>")[0])
    assert note in summary
    assert low.band_label == ""  # no "Hedefe ulaşıldı" for the mean of a few aims
    full = report_data(plan, ReportKind.MONITORING, 2025, 1)
    assert full.results.coverage >= MIN_HEADLINE_COVERAGE
    assert note not in text_of(render_html(full).split('<section id="summary"')[1])
