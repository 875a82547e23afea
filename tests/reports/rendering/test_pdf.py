"""The PDF reports, read back as text (pypdf): contents, Turkish glyphs, footers, figures."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from goals.models import Plan
from indicators.models import TargetReview
from karsplan.lib.numbers import format_tr_auto
from reports.models import ReportKind
from reports.rendering import data_checksum, report_data
from reports.rendering.context import QUERIES
from reports.rendering.pdf import StaticOnlyFetcher, render_html, render_pdf
from tests.reports.report_data import fill_period, filled_plan_fixture, pdf_pages, tr2  # noqa: F401

pytestmark = pytest.mark.django_db

TURKISH_WORDS = ("İçindekiler", "Değerlendirme", "Sürdürülebilirlik", "Müdürlüğü", "Yöntem")


def export(tmp_path, year: int, period: str) -> dict:
    out = tmp_path / "results.json"
    call_command("export_results", "--year", str(year), "--period", period, "--out", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def target_sections(pages: list[str], codes: list[str]) -> dict[str, str]:
    """Each target's text: from the page of its card header to the page of the next card
    (targets follow one another, a page may hold the end of one and the start of the next)
    or the annexes."""
    starts = []
    for code in codes:
        # The card: its code and title (wrapped over a few lines), then "Sorumlu birim".
        head = re.compile(rf"^{re.escape(code)} .*(?:\n(?!H\d).*){{0,3}}\nSorumlu birim", re.M)
        starts.append(next(i for i, page in enumerate(pages) if head.search(page)))
    end = next(
        i
        for i, page in enumerate(pages)
        if page.lstrip().startswith("Ek-1")
        or ("Ek-1. Yöntem" in page and "İçindekiler" not in page)
    )
    bounds = [*starts, end]
    return {code: "\n".join(pages[bounds[k] : bounds[k + 1] + 1]) for k, code in enumerate(codes)}


def test_the_kars_annual_report_prints_every_target_and_the_exported_figures(
    kars_plan: Plan, tmp_path
):
    fill_period(kars_plan, 2025, 1)
    fill_period(kars_plan, 2025, 2)
    pdf = render_pdf(report_data(kars_plan, ReportKind.EVALUATION, 2025, 2))
    assert pdf.content_type == "application/pdf"
    assert pdf.filename == "degerlendirme-2025.pdf"
    pages = pdf_pages(pdf.content)
    text = "\n".join(pages)
    exported = export(tmp_path, 2025, "H2")

    # The cover and the running footer "Sayfa X / Y" on every page after it.
    assert "Stratejik Plan İzleme ve Değerlendirme Raporu" in pages[0]
    assert "2025 Yılı" in pages[0]
    assert "Sayfa" not in pages[0]
    for number, page in enumerate(pages[1:], start=2):
        assert f"Sayfa {number} / {len(pages)}" in page
    # Turkish glyphs come back intact (ğ ü ş ı İ ö ç), from the template and from the data.
    for word in TURKISH_WORDS:
        assert word in text
    assert "ğ ü ş ı İ ö ç" in " ".join(text.split())  # the units' explanations

    # Every aim, target and indicator code; the plan's and every aim's figure.
    codes = [t["code"] for aim in exported["aims"] for t in aim["targets"]]
    assert len(codes) == 30
    start = next(i for i, p in enumerate(pages) if "Amaçlara göre gerçekleşme" in p)
    summary = "\n".join(pages[start : start + 2])  # the table, then the charts
    assert "%" + tr2(exported["plan"]["realization"]) in summary
    for aim in exported["aims"]:
        assert aim["code"] in text
        assert tr2(aim["realization"]) in summary
        assert "%" + tr2(aim["realization"]) in summary  # the chart's bar label
    sections = target_sections(pages, codes)
    checked = 0
    for aim in exported["aims"]:
        for t in aim["targets"]:
            section = sections[t["code"]]
            for figure in (t["realization"], t["coverage"]):
                if figure is not None:
                    assert "%" + tr2(figure) in section, t["code"]
            for ind in t["indicators"]:
                assert ind["code"] in section, (t["code"], ind["code"])
                if ind["realization"] is not None:
                    assert tr2(ind["realization"]) in section, (t["code"], ind["code"])
                    checked += 1
                if ind["C"] is not None:
                    assert format_tr_auto(Decimal(ind["C"])) in section, (t["code"], ind["code"])
    assert checked > 150
    # The annual report's own parts.
    assert text.count("Değerlendirme ölçütleri") == 30
    assert "Plan dönemi birikimli gerçekleşme (2025–2025)" in text
    assert "Ek-2. Birimlere Göre Veri Tamlığı" in text


def test_long_tables_repeat_their_header_on_every_page(kars_plan: Plan):
    fill_period(kars_plan, 2025, 2, approved_share=0)  # every value waits for approval
    pages = pdf_pages(render_pdf(report_data(kars_plan, ReportKind.MONITORING, 2025, 2)).content)
    start = next(
        i for i, p in enumerate(pages) if i > 1 and "Ek-3. Henüz Onaylanmamış Değerler" in p
    )
    annex = pages[start:]
    assert len(annex) > 2  # the list of values not yet approved runs over several pages
    for page in annex:
        assert "Gönderim" in page and "Gösterge" in page  # the header row, repeated


def test_the_fonts_are_fetched_from_the_repository_and_embedded(filled_plan: Plan, monkeypatch):
    fetched = []
    fetch = StaticOnlyFetcher.fetch

    def recording_fetch(self, url, headers=None):
        fetched.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", recording_fetch)
    content = render_pdf(report_data(filled_plan, ReportKind.MONITORING, 2025, 1)).content
    assert {url.rsplit("/", 1)[-1] for url in fetched} >= {
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSansCondensed.ttf",
    }
    assert all(url.startswith("https://karsplan.invalid/static/fonts/") for url in fetched)
    reader = PdfReader(io.BytesIO(content))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor  # embedded
    assert {"DejaVu-Sans", "DejaVu-Sans-Bold", "DejaVu-Sans-Semi-Condensed"} <= fonts


def test_the_mid_year_monitoring_report_shows_the_expected_progress(filled_plan: Plan, tmp_path):
    data = report_data(filled_plan, ReportKind.MONITORING, 2025, 1)
    pages = pdf_pages(render_pdf(data).content)
    text = "\n".join(pages)
    assert "Stratejik Plan İzleme Raporu" in pages[0]
    assert "2025 Yılı 1. Altı Aylık Dönem (Ocak–Haziran)" in pages[0]
    assert "Yıl ortası" in text
    assert "beklenen" in text  # a flow's figure against half of its yearly amount
    assert "Değerlendirme ölçütleri" not in text  # annual only
    assert "birikimli" not in text
    exported = export(tmp_path, 2025, "H1")
    for aim in exported["aims"]:
        for t in aim["targets"]:
            assert t["code"] in text
            for ind in t["indicators"]:
                if ind["realization"] is not None:
                    assert tr2(ind["realization"]) in text


def test_the_plans_last_year_gets_the_implementation_report_title(filled_plan: Plan):
    html = render_html(report_data(filled_plan, ReportKind.EVALUATION, 2029, 2))
    assert "Stratejik Plan Gerçekleştirme Raporu" in html
    assert "Plan dönemi birikimli gerçekleşme (2025–2029)" in html


def test_narratives_and_deviation_reasons_are_printed(filled_plan: Plan):
    html = render_html(report_data(filled_plan, ReportKind.EVALUATION, 2025, 2))
    assert "Sapmalar ve alınacak önlemler" in html
    assert "İş programı güncellenecek" in html  # corrective actions
    assert "İlgililik" in html and "Hedef, ilçenin ihtiyaçlarıyla ilgilidir." in html
    assert "Ek-3. Henüz Onaylanmamış Değerler" in html


def test_text_typed_by_users_is_escaped(filled_plan: Plan):
    review = TargetReview.objects.filter(period__year=2025, period__half=2).first()
    review.corrective_actions = '<img src="https://example.org/x.png"> <b>kalın</b>'
    review.save()
    html = render_html(report_data(filled_plan, ReportKind.EVALUATION, 2025, 2))
    assert "&lt;img src=&quot;https://example.org/x.png&quot;&gt;" in html
    assert '<img src="https://example.org' not in html


def test_the_report_context_takes_a_fixed_number_of_queries(
    filled_plan: Plan, django_assert_num_queries
):
    with django_assert_num_queries(QUERIES):
        report_data(filled_plan, ReportKind.EVALUATION, 2025, 2)


def test_the_checksum_follows_the_figures_and_the_narratives(filled_plan: Plan):
    def checksum() -> str:
        return data_checksum(report_data(filled_plan, ReportKind.MONITORING, 2025, 2))

    first = checksum()
    assert checksum() == first  # the time of rendering is not part of it
    review = TargetReview.objects.filter(period__year=2025, period__half=2).first()
    review.deviation_reasons += " Ek açıklama."
    review.save()
    second = checksum()
    assert second != first
    actual = filled_plan.targets.first().indicators.first().actuals.get(period__half=2)
    actual.value += 1
    actual.save()
    assert checksum() != second


def test_the_review_texts_are_printed_with_the_labels_of_the_one_table(filled_plan: Plan):
    """The PDF lists TargetReview's text fields from `REVIEW_TEXT_FIELDS`, in its order, the
    indicators' deviation reasons after the target's."""
    from django.utils import translation

    from indicators.models import REVIEW_CRITERIA, REVIEW_TEXT_FIELDS

    review = TargetReview.objects.filter(period__year=2025, period__half=2).first()
    for name, _label in REVIEW_TEXT_FIELDS:
        setattr(review, name, f"metin-{name}")
    review.save()
    html = render_html(report_data(filled_plan, ReportKind.EVALUATION, 2025, 2))
    with translation.override("tr"):
        expected = [
            f"<dt>{label}</dt><dd>metin-{name}</dd>"
            for name, label in REVIEW_TEXT_FIELDS
            if name not in REVIEW_CRITERIA
        ] + [
            f"<tr><th>{label}</th><td>metin-{name}</td></tr>"
            for name, label in REVIEW_TEXT_FIELDS
            if name in REVIEW_CRITERIA
        ]
    positions = [html.find(snippet) for snippet in expected]
    assert -1 not in positions, expected
    assert positions == sorted(positions)
    by_indicator = html.find("Göstergelere göre sapma nedenleri")
    assert positions[1] < by_indicator < positions[2] or by_indicator == -1


def test_every_page_after_the_cover_prints_the_institution_and_the_period(filled_plan: Plan):
    data = report_data(filled_plan, ReportKind.EVALUATION, 2025, 2)
    pages = pdf_pages(render_pdf(data).content)
    footer = f"{filled_plan.institution} · {data.period_label}"
    assert len(pages) > 2
    assert all(footer in page for page in pages[1:]), footer
