"""The official report as a council member reads it (issue 16): the Kılavuz indicator tables
with both halves and the reasons beside each indicator, the Yönetici Özeti, the Word copy.

The annual 2025 report of the Kars plan filled with the demo data (`indicators.demo`), read
back from the PDF (pypdf, page by page) and the .docx (python-docx), against `export_results`.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from docx import Document
from docx.oxml.ns import qn

from goals.models import Plan
from indicators.demo import demo_fill
from indicators.models import Actual, Indicator
from karsplan.lib.numbers import format_tr_auto
from reports.models import ReportKind
from reports.rendering import report_data
from reports.rendering.docx import render_docx
from reports.rendering.pdf import render_pdf
from tests.conftest import bulk_kars_plan
from tests.module_db import module_transaction
from tests.reports.report_data import pdf_pages, tr2

pytestmark = pytest.mark.django_db

KILAVUZ_HEADINGS = (
    "Performans Göstergesi",
    "Hedefe Etkisi (%)",
    "Plan Dönemi Başlangıç Değeri",
    "Yıl Sonu Hedeflenen Değer",
    "İzleme Dönemi Gerçekleşme Değeri",
    "I. Dönem",
    "II. Dönem",
    "Yıl Sonu",
    "Gerçekleşme Oranı (%)",
    "Durum",
    "Sapma Nedeni",
)
DECLARED = "Kaynak kurum 2025 verisini henüz yayımlamadı"


def flat(text: str) -> str:
    return " ".join(text.split())


def export(tmp_path, period: str) -> dict:
    out = tmp_path / f"results-{period}.json"
    call_command("export_results", "--year", "2025", "--period", period, "--out", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_plan_pk(django_db_setup, django_db_blocker) -> Iterator[int]:
    """The Kars plan with the demo data of 2025; each H2 deviation reason made unique (so that
    its page can be found) and one H2 value declared "veri yok" with its reason. Built once
    for the module, in a transaction rolled back when it ends (tests/module_db.py)."""
    with module_transaction(django_db_blocker):
        kars_plan = bulk_kars_plan()
        _fill_demo(kars_plan)
        yield kars_plan.pk


@pytest.fixture
def demo_plan(demo_plan_pk: int, db) -> Plan:
    """The module's demo plan, read afresh for each test."""
    return Plan.objects.get(pk=demo_plan_pk)


def _fill_demo(kars_plan: Plan) -> None:
    user = get_user_model().objects.create_superuser("demo", "demo@example.org", "x")
    demo_fill(kars_plan, today=datetime.date(2026, 2, 15), user=user)
    h2 = Actual.objects.filter(period__plan=kars_plan, period__year=2025, period__half=2)
    for n, pk in enumerate(h2.exclude(deviation_reason="").values_list("pk", flat=True)):
        h2.filter(pk=pk).update(deviation_reason=f"Sapma-{n:03d}: ödenek geç geldi.")
    declared = h2.filter(deviation_reason="", indicator__measure="level").order_by("pk").first()
    h2.filter(pk=declared.pk).update(value=None, no_data=True, explanation=DECLARED)


def flow_indicator(plan: Plan, h1: dict, h2: dict) -> tuple[Indicator, dict, dict]:
    """A six-monthly flow indicator with a value in both halves, and its exported figures."""
    by_key = {}
    for period, exported in (("H1", h1), ("H2", h2)):
        for aim in exported["aims"]:
            for t in aim["targets"]:
                for ind in t["indicators"]:
                    by_key.setdefault((t["code"], ind["order"]), {})[period] = ind
    flows = Indicator.objects.filter(
        target__plan=plan, measure="flow", monitoring_frequency_months=6
    ).select_related("target")
    for ind in flows.order_by("target__order", "order"):
        figures = by_key[(ind.target.code, ind.order)]
        first, year = figures["H1"]["C"], figures["H2"]["C"]
        if first is not None and year is not None and Decimal(year) > Decimal(first):
            return ind, figures["H1"], figures["H2"]
    raise AssertionError("no flow indicator with both halves")


def test_the_annual_report_prints_the_kilavuz_tables_with_both_halves_beside_their_reasons(
    demo_plan: Plan, tmp_path
):
    data = report_data(demo_plan, ReportKind.EVALUATION, 2025, 2)
    pages = pdf_pages(render_pdf(data).content)
    flat_pages = [flat(p) for p in pages]
    text = " ".join(flat_pages)
    h1, h2 = export(tmp_path, "H1"), export(tmp_path, "H2")

    # The Kılavuz headings, the summary in front, the cover's approval fields.
    for heading in KILAVUZ_HEADINGS:
        assert heading in text, heading
    summary_page = next(i for i, p in enumerate(flat_pages) if p.startswith("Yönetici Özeti"))
    first_target = next(i for i, p in enumerate(flat_pages) if "Hedef gerçekleşmesi" in p)
    assert summary_page < first_target
    assert "Meclis karar tarihi ve sayısı" in flat_pages[0]

    # A flow indicator: I. Dönem, II. Dönem and Yıl Sonu equal export_results (C at H1 is the
    # first half's value; C at H2 the year's sum).
    ind, at_h1, at_h2 = flow_indicator(demo_plan, h1, h2)
    first, year = Decimal(at_h1["C"]), Decimal(at_h2["C"])
    row = re.compile(
        rf"{re.escape(format_tr_auto(first))}\*? {re.escape(format_tr_auto(year - first))}\*? "
        rf"{re.escape(format_tr_auto(year))}\*? {re.escape(tr2(at_h2['realization']))} "
    )
    name = flat(ind.name)
    assert any(name in p and row.search(p) for p in flat_pages), (ind.code, name)

    # Every deviation reason and the "veri yok" declaration on the page of its indicator (the
    # target pages; the Yönetici Özeti quotes the weakest targets' reasons too).
    target_pages = flat_pages[first_target:]
    reasons = Actual.objects.filter(
        period__plan=demo_plan, period__year=2025, period__half=2
    ).exclude(deviation_reason="")
    assert reasons.count() > 5
    for actual in reasons.select_related("indicator"):
        [page] = [p for p in target_pages if actual.deviation_reason in p]
        assert flat(actual.indicator.name) in page, actual.deviation_reason
    declared = Actual.objects.get(no_data=True)
    [page] = [p for p in target_pages if f"Veri yok (2025-H2): {DECLARED}" in p]
    assert flat(declared.indicator.name) in page

    # A table that runs over a page repeats its target's code and title above its header.
    continued = 0
    for page in pages:
        lines = page.splitlines()
        for k, line in enumerate(lines):
            if line.startswith("Kod Performans Göstergesi"):
                caption = " ".join(lines[max(k - 2, 0) : k])
                assert re.search(r"(^| )H\d+\.\d+ ", caption), page[:300]
        if re.match(r"H\d+\.\d+ ", page) and "Kod Performans Göstergesi" in page:
            continued += 1
    assert continued >= 1

    # No near-empty page: targets follow one another instead of each opening a page.
    bodies = [
        sum(len(line) for line in p.splitlines() if not line.startswith("Sayfa "))
        for p in pages[1:]
    ]
    assert min(bodies) > 200, bodies


def test_the_word_report_holds_every_target_the_summary_and_the_exported_figures(
    demo_plan: Plan, tmp_path
):
    data = report_data(demo_plan, ReportKind.EVALUATION, 2025, 2)
    rendered = render_docx(data)
    assert rendered.filename == "degerlendirme-2025.docx"
    assert rendered.content_type.endswith("wordprocessingml.document")
    document = Document(io.BytesIO(rendered.content))
    h2 = export(tmp_path, "H2")

    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Yönetici Özeti" in headings
    assert "Strateji biriminin değerlendirmesi" in headings
    assert "Ek-1. Yöntem" in headings
    fields = [e.text for e in document.element.body.iter(qn("w:instrText"))]
    assert any(f.strip().startswith("TOC \\o") for f in fields), fields  # the TOC field
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Planın 2025 Yılı gerçekleşmesi: %" + tr2(h2["plan"]["realization"]) in body

    # Every target: a Heading 2 and its Kılavuz table (caption: code and title), whose rows
    # hold the exported figures in plan order.
    tables = {}
    for table in document.tables:
        caption = table.rows[0].cells[0].text
        if re.match(r"H\d+\.\d+ ", caption) and len(table.rows) > 3:
            tables[caption.split(" ", 1)[0]] = table
    checked = 0
    for aim in h2["aims"]:
        for t in aim["targets"]:
            assert any(h.startswith(f"{t['code']} ") for h in headings), t["code"]
            table = tables[t["code"]]
            header = [c.text for c in table.rows[1].cells]
            assert header[:5] == [
                "Kod",
                "Performans Göstergesi",
                "Hedefe Etkisi (%)",
                "Plan Dönemi Başlangıç Değeri",
                "Yıl Sonu Hedeflenen Değer",
            ]
            assert [c.text for c in table.rows[2].cells][5:8] == [
                "I. Dönem",
                "II. Dönem",
                "Yıl Sonu",
            ]
            rows = table.rows[3:]
            assert len(rows) == len(t["indicators"])
            for row, ind in zip(rows, t["indicators"], strict=True):
                cells = [c.text for c in row.cells]
                assert cells[0] == ind["code"]
                if ind["C"] is not None:
                    assert cells[7].rstrip("*") == format_tr_auto(Decimal(ind["C"]))
                if ind["realization"] is not None:
                    assert cells[8] == tr2(ind["realization"])
                    checked += 1
    assert checked > 150
    assert "Veri yok (2025-H2): " + DECLARED in "\n".join(
        c.text for t in tables.values() for r in t.rows for c in r.cells
    )


def test_the_executive_summary_names_the_five_lowest_targets_of_export_results(
    demo_plan: Plan, tmp_path
):
    from reports.rendering import RiskTarget
    from reports.rendering.summary import executive_summary

    h2 = export(tmp_path, "H2")
    targets = [t for aim in h2["aims"] for t in aim["targets"] if t["realization"] is not None]
    order = {t["code"]: i for i, t in enumerate(targets)}
    ranked = sorted(targets, key=lambda t: (Decimal(t["realization"]), order[t["code"]]))
    risk = (RiskTarget("H1.1", "Gelir ve gider işleri", Decimal("41.5")),)
    data = report_data(demo_plan, ReportKind.EVALUATION, 2025, 2, risk_targets=risk)
    summary = executive_summary(data)

    assert [t.code for t in summary.weakest] == [t["code"] for t in ranked[:5]]
    assert [t.code for t in summary.strongest] == [t["code"] for t in ranked[::-1][:3]]
    for t in summary.weakest:
        assert t.corrective_actions == "Demo verisi: izleme toplantıları sürdürülecek."
    weakest = {t["code"]: t for t in ranked[:5]}
    for t in summary.weakest:
        assert "%" + tr2(weakest[t.code]["realization"]) in t.line
    # Plan and aims with their coverage.
    assert "%" + tr2(h2["plan"]["realization"]) in summary.overview[0]
    assert "kapsama %" + tr2(h2["plan"]["coverage"]) in summary.overview[0]
    for aim, sentence in zip(h2["aims"], summary.aims, strict=True):
        assert sentence.startswith(aim["code"]) and "%" + tr2(aim["realization"]) in sentence
    # Completeness: the units whose H2 submission is a draft are named.
    assert any(s.startswith("Veri göndermeyen birimler: ") for s in summary.completeness)
    # The first year has nothing to compare with; the risk list is passed through.
    assert summary.change == ["Bu, planın ilk dönemidir: karşılaştırılacak önceki dönem yok."]
    assert summary.risk is not None and any("H1.1" in line for line in summary.risk)


def test_the_summary_compares_the_second_half_with_the_first(demo_plan: Plan, tmp_path):
    from reports.rendering.summary import executive_summary

    h1 = export(tmp_path, "H1")
    summary = executive_summary(report_data(demo_plan, ReportKind.MONITORING, 2025, 2))
    assert "2025-H1 döneminde %" + tr2(h1["plan"]["realization"]) in summary.change[0]

    # The targets "risk altında" are those export_results flags, each named in the summary.
    h2 = export(tmp_path, "H2")
    at_risk = [
        t
        for a in h2["aims"]
        for t in a["targets"]
        if any((t[k] or {}).get("at_risk") for k in ("forecast_year_end", "forecast_plan_end"))
    ]
    assert summary.risk is not None and len(summary.risk) == 1 + len(at_risk)
    for target in at_risk:
        assert any(line.startswith(target["code"] + " ") for line in summary.risk[1:])
