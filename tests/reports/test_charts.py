"""reports/charts.py: well-formed SVG with Turkish numbers, the same on the web and in a PDF."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert float(root.get("width")) > 0 and float(root.get("height")) > 0
    assert root.get("viewBox").startswith("0 0 ")
    assert root.find(f"{SVG}title") is not None
    return root


def texts(svg: str) -> list[str]:
    return [t.text for t in parse(svg).iter(f"{SVG}text")]


def aim_bars() -> str:
    return charts.bar_chart(
        [
            charts.Bar("A1 Kurumsal yapı", Decimal("87.5"), charts.STATUS_COLORS["iyi"]),
            charts.Bar("A2", None),
            charts.Bar("A3 <çevre> & ulaşım", Decimal("132.456")),
            charts.Bar("A4", Decimal("-12.5")),
        ],
        title="Amaç gerçekleşmeleri",
        reference=100,
        empty_label="veri yok",
    )


def all_charts() -> list[str]:
    return [
        aim_bars(),
        charts.status_chart(
            [("ulasildi", "Hedefe ulaşıldı", 12), ("iyi", "İyi", 30), ("veri_yok", "Veri yok", 8)],
            title="Durum dağılımı",
        ),
        charts.grouped_bar_chart(
            ["A1", "A2", "A3"],
            [
                charts.Series("Planlanan", [Decimal(1250000), Decimal(300000), None]),
                charts.Series("Gerçekleşen", [Decimal(900000), Decimal(45000), Decimal(10)]),
            ],
            title="Bütçe",
        ),
        charts.line_chart(
            ["2025-H1", "2025-H2", "2026-H1", "2026-H2"],
            [charts.Series("Plan", [Decimal(40), Decimal("78.5"), None, Decimal(90)])],
            title="Dönemlere göre",
            reference=100,
        ),
        charts.sparkline([Decimal(1), None, Decimal(3), Decimal(2)], title="2025-H1: 1, …"),
    ]


def test_every_chart_is_well_formed_svg_without_script_or_css_classes():
    for svg in all_charts():
        root = parse(svg)
        tags = {el.tag.removeprefix(SVG) for el in root.iter()}
        assert not tags & {"script", "style", "foreignObject", "image"}
        assert all(el.get("class") is None for el in root.iter())
        assert all("var(" not in (el.get("fill") or "") for el in root.iter())


def test_bar_labels_are_turkish_percentages_with_two_decimals():
    labels = texts(aim_bars())
    assert "%87,50" in labels
    assert "%132,46" in labels  # rounded half up
    assert "-%12,50" in labels
    assert "veri yok" in labels
    assert "%100" in labels  # an axis tick


def test_texts_are_escaped():
    svg = aim_bars()
    assert "&lt;çevre&gt; &amp; ulaşım" in svg
    assert "A3 <çevre> & ulaşım" in texts(svg)


def test_bars_are_coloured_and_a_missing_value_draws_no_bar():
    root = parse(aim_bars())
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    assert fills.count(charts.STATUS_COLORS["iyi"]) == 1
    assert len(fills) == 3  # A2 has no value


def test_status_chart_gives_the_count_and_its_share():
    labels = texts(
        charts.status_chart(
            [("ulasildi", "Hedefe ulaşıldı", 1), ("cok_dusuk", "Çok düşük", 3)], title="Durum"
        )
    )
    assert "1 · %25,0" in labels and "3 · %75,0" in labels
    assert "Hedefe ulaşıldı" in labels
    assert {"0", "1", "2", "3"} <= set(labels)  # whole-number ticks for counts
    assert not any("," in label for label in labels if label[0].isdigit() and "·" not in label)


def test_status_chart_of_nothing_still_draws():
    labels = texts(charts.status_chart([("iyi", "İyi", 0)], title="Durum"))
    assert "0 · %0,0" in labels


def test_money_axis_uses_turkish_short_forms():
    labels = texts(all_charts()[2])
    assert "1 mn" in labels and "500 bin" in labels
    assert {"Planlanan", "Gerçekleşen"} <= set(labels)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (950, "950"),
        (Decimal("1234.5"), "1,23 bin"),
        (45000, "45 bin"),
        (1250000, "1,25 mn"),
        (Decimal("81575000"), "81,6 mn"),
        (3400000000, "3,4 mr"),
        (None, "–"),
    ],
)
def test_compact_number(value, text):
    assert charts.compact_number(value) == text


def test_line_chart_breaks_at_a_missing_period_and_labels_its_points():
    svg = all_charts()[3]
    root = parse(svg)
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 1  # 2025-H1 → 2025-H2; 2026-H2 stands alone after the gap
    assert len(list(root.iter(f"{SVG}circle"))) == 3
    assert {"%40,00", "%78,50", "%90,00", "2025-H1", "2026-H2"} <= set(texts(svg))


def test_line_chart_with_several_series_has_a_legend():
    svg = charts.line_chart(
        ["2025-H1", "2025-H2"],
        [charts.Series("A1", [1, 2]), charts.Series("A2", [None, 3])],
        title="Amaçlar",
    )
    assert {"A1", "A2"} <= set(texts(svg))


def test_sparkline_marks_the_last_value_and_draws_an_empty_box_without_values():
    root = parse(charts.sparkline([Decimal(1), Decimal(2), Decimal(4)], title="x"))
    assert len(list(root.iter(f"{SVG}polyline"))) == 1
    assert len(list(root.iter(f"{SVG}circle"))) == 4  # three points and the last one's mark
    empty = parse(charts.sparkline([None, None], title="boş"))
    assert not list(empty.iter(f"{SVG}polyline"))
    assert len(list(empty.iter(f"{SVG}line"))) == 1


def test_charts_are_pure_functions():
    assert all_charts() == all_charts()


def test_the_same_svg_renders_in_a_weasyprint_pdf_with_its_turkish_labels():
    weasyprint = pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    html = "<html><body>" + "".join(f"<div>{svg}</div>" for svg in all_charts()) + "</body></html>"
    pdf = weasyprint.HTML(string=html).write_pdf()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for label in ("%87,50", "veri yok", "Hedefe ulaşıldı", "12 · %24,0", "1 mn", "%78,50"):
        assert label in text
