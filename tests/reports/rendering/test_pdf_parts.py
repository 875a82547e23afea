"""A large report is rendered in parts (reports.rendering.pdf.render_in_parts) to bound its
memory: the joined PDF must read and look exactly as the one-pass PDF, page for page, with
each part laid out once."""

from __future__ import annotations

import difflib
import hashlib
import io
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from goals.models import Plan
from reports.models import ReportKind
from reports.rendering import pdf as pdf_module
from reports.rendering import report_data
from reports.rendering.parts import Stamp, join_pdfs
from reports.rendering.pdf import PART_INDICATORS, render_pdf, report_parts
from tests.reports.report_data import fill_period, pdf_pages

pytestmark = pytest.mark.django_db

PART = 40
"""Indicators per part for the Kars plan (about 100 indicators): five parts of aims."""


def outline(content: bytes) -> list[tuple[int, str, int]]:
    """The PDF's bookmarks: (depth, title, page number), in order."""
    reader = PdfReader(io.BytesIO(content))
    found: list[tuple[int, str, int]] = []

    def walk(items, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def links(content: bytes) -> list[tuple[int, int]]:
    """The PDF's internal links: (page number, target page number), in order."""
    reader = PdfReader(io.BytesIO(content))
    named = reader.named_destinations
    found = []
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or ():
            annotation = annotation.get_object()
            dest = annotation.get("/Dest")
            if annotation.get("/Subtype") != "/Link" or dest is None:
                continue
            if isinstance(dest, str):
                target = reader.get_destination_page_number(named[dest])
            else:
                target = reader.get_page_number(dest[0].get_object())
            found.append((number, target + 1))
    return found


def page_images(content: bytes) -> list[str]:
    """A digest of each page as drawn (poppler's pdftoppm, 40 dpi, grey): where the text is,
    not only what it says."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "report.pdf"
        pdf.write_bytes(content)
        subprocess.run(
            ["pdftoppm", "-r", "40", "-gray", str(pdf), str(Path(folder) / "page")], check=True
        )
        return [
            hashlib.sha256(image.read_bytes()).hexdigest()
            for image in sorted(Path(folder).glob("page-*.pgm"))
        ]


def toc_entries(pages: list[str]) -> list[str]:
    """The contents' lines that end with a page number."""
    return [
        line
        for page in pages
        if "İçindekiler" in page
        for line in page.splitlines()
        if re.search(r"\. (\d+)$", line)
    ]


def test_a_report_rendered_in_parts_reads_as_the_one_pass_report(kars_plan: Plan, monkeypatch):
    fill_period(kars_plan, 2025, 1)
    fill_period(kars_plan, 2025, 2)
    data = report_data(kars_plan, ReportKind.EVALUATION, 2025, 2)
    parts = report_parts(data, PART)
    assert len(parts) >= 5  # the front matter, at least three parts of aims, the annexes
    assert len(report_parts(data)) == 3  # the Kars plan is rendered in one pass by default
    one_pass = render_pdf(data, part_indicators=PART, in_parts=False).content
    timings: dict[str, float] = {}
    laid_out = []
    layout = pdf_module._layout
    monkeypatch.setattr(
        pdf_module, "_layout", lambda html, fonts: laid_out.append(html) or layout(html, fonts)
    )
    joined = render_pdf(data, timings=timings, part_indicators=PART, in_parts=True).content
    # Each part after the front matter once, the front matter twice (its page count, then
    # its contents' numbers), the stamp once.
    assert len(laid_out) == (len(parts) - 1) + 2 + 1
    assert set(timings) == {"html", "layout", "write"}

    single, split = pdf_pages(one_pass), pdf_pages(joined)
    assert len(split) == len(single) > 40
    # "Sayfa X / Y" on every page after the cover, Y the whole report's count.
    for number, page in enumerate(split[1:], start=2):
        assert f"Sayfa {number} / {len(split)}" in page
    # The contents: an entry for every aim, target and annex, each with the page it is on.
    entries = toc_entries(split)
    assert len(entries) == 2 + len(data.aims) + len(data.targets()) + 3
    assert entries == toc_entries(single)
    # Every page reads the same: running heads and footers, tables, page breaks.
    for number, (a, b) in enumerate(zip(split, single, strict=True), start=1):
        assert a == b, (number, list(difflib.unified_diff(b.splitlines(), a.splitlines(), n=0)))
    # And looks the same: the stamped footers ("kurum · dönem", "Sayfa X / Y") where one pass
    # prints them, pixel for pixel.
    drawn = page_images(joined)
    assert len(drawn) == len(split)
    assert drawn == page_images(one_pass)
    # The contents' entries link to their pages (each entry's line once or more).
    joined_links = links(joined)
    assert set(joined_links) == set(links(one_pass))
    assert {target for _page, target in joined_links} == {
        int(entry.rsplit(" ", 1)[1]) for entry in entries
    }
    # The bookmarks (aims, targets, annexes) point at the same pages.
    bookmarks = outline(joined)
    assert bookmarks == outline(one_pass)
    assert len(bookmarks) > len(data.targets())
    assert (
        PdfReader(io.BytesIO(joined)).metadata.title
        == PdfReader(io.BytesIO(one_pass)).metadata.title
    )


def test_only_a_large_report_is_split(kars_plan: Plan):
    data = report_data(kars_plan, ReportKind.EVALUATION, 2025, 2)
    assert data.indicator_count < PART_INDICATORS
    assert [p.aims for p in report_parts(data)] == [(), tuple(range(len(data.aims))), ()]
    # Parts hold whole aims, in order, each at most PART indicators unless one aim has more.
    parts = report_parts(data, PART)
    assert [i for p in parts for i in p.aims] == list(range(len(data.aims)))
    for part in parts[1:-1]:
        sizes = [sum(len(t.rows) for t in data.aims[i].targets) for i in part.aims]
        assert sum(sizes) <= PART or len(sizes) == 1


def blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_stamp_must_cover_the_pages_after_the_front_matter():
    front, part = blank_pdf(2), blank_pdf(3)
    with pytest.raises(ValueError, match="2 stamp pages from page 3 for a document of 5 pages"):
        join_pdfs([front, part], stamp=Stamp(blank_pdf(2), first=2))
    joined = PdfReader(io.BytesIO(join_pdfs([front, part], stamp=Stamp(blank_pdf(3), first=2))))
    assert len(joined.pages) == 5
