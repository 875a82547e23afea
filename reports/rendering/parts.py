"""A large report rendered in parts: which parts, and how their PDFs become one.

WeasyPrint keeps every laid-out page in memory (about 2.7 MB a page), so a report with more
than `PART_INDICATORS` indicators is laid out part by part (`reports.rendering.pdf.
render_in_parts`), each part once. What a part cannot know when it is laid out — its pages'
numbers "Sayfa X / Y", since Y is known only when every part is laid out — is printed on its
pages afterwards: the parts after the front matter are laid out without their bottom margin
boxes, and a *stamp* (a document of as many empty pages, in the report's page style, with only
the bottom margin boxes: "kurum · dönem" and "Sayfa X / Y") is laid over them when the parts
are joined. The bottom boxes share their row's width, so both are stamped together, exactly
as one pass would place them.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import Fit

__all__ = [
    "PART_INDICATORS",
    "Part",
    "Stamp",
    "TocLink",
    "join_pdfs",
    "report_parts",
    "toc_entries",
]

PART_INDICATORS = 300
"""A report with more indicators than this is rendered in parts of at most about this many
indicators each (a part holds whole aims): WeasyPrint keeps every laid-out page in memory,
about 2.7 MB a page, so the 20× annual report (1,346 pages) needed 3.7 GB in one pass."""

PX = 0.75
"""Points (the PDF's unit) per CSS pixel (WeasyPrint's)."""


@dataclass(frozen=True)
class Part:
    """A part of the report, rendered as a document of its own: the front matter (cover,
    contents, executive summary, summary), some aims (indices into `ReportData.aims`), or the
    annexes; the whole report is the part with all three."""

    front: bool = False
    aims: tuple[int, ...] = ()
    annexes: bool = False


def report_parts(data, part_indicators: int = PART_INDICATORS) -> list[Part]:
    """The front matter, the aims grouped in parts of at most `part_indicators` indicators
    (an aim with more is a part of its own), and the annexes.

    Each group of aims after the first starts on a new page, whether the report is rendered
    in parts or in one pass, so that both give the same pages.
    """
    groups: list[list[int]] = []
    count = 0
    for i, aim in enumerate(data.aims):
        size = sum(len(t.rows) for t in aim.targets)
        if not groups or count + size > part_indicators:
            groups.append([])
            count = 0
        groups[-1].append(i)
        count += size
    return [Part(front=True), *(Part(aims=tuple(g)) for g in groups), Part(annexes=True)]


@dataclass(frozen=True)
class TocLink:
    """A contents' entry pointing into another part: its rectangle (CSS pixels, from the top
    left of its page) on page `page` of the joined PDF, and its target (0-based page, x, y)."""

    page: int
    rect: tuple[float, float, float, float]
    target: int
    at: tuple[float, float]


def toc_entries(page) -> Iterator[tuple[str, tuple[float, float, float, float]]]:
    """(anchor, rectangle) of each contents' entry of the laid-out `page` (WeasyPrint's) with
    a given page number."""
    seen = set()
    for box in page._page_box.descendants():  # noqa: SLF001 - WeasyPrint's laid-out boxes
        element = getattr(box, "element", None)
        if (
            element is not None
            and element.tag == "a"
            and element.get("data-page")
            and box.element_tag == "a"
        ):
            x, y = box.border_box_x(), box.border_box_y()
            entry = (
                element.get("data-anchor", ""),
                (x, y, x + box.border_width(), y + box.border_height()),
            )
            if entry not in seen:
                seen.add(entry)
                yield entry


@dataclass(frozen=True)
class Stamp:
    """A PDF whose pages are laid over the joined PDF's pages from `first` (0-based) on."""

    content: bytes
    first: int


def join_pdfs(
    pdfs: list[bytes], links: list[TocLink] | None = None, stamp: Stamp | None = None
) -> bytes:
    """One PDF of `pdfs`' pages in order, with their outlines (bookmarks), the first's
    metadata, `links` (the contents' entries into other parts) and `stamp`'s pages laid over
    theirs (drawn after the page's own content, as a one-pass document draws its margin
    boxes after the page's body)."""
    writer = PdfWriter()
    first = None
    for content in pdfs:
        reader = PdfReader(io.BytesIO(content))
        first = first or reader
        writer.append(reader, import_outline=True)
    if stamp is not None:
        stamps = PdfReader(io.BytesIO(stamp.content)).pages
        if stamp.first + len(stamps) != len(writer.pages):
            raise ValueError(
                f"{len(stamps)} stamp pages from page {stamp.first + 1}"
                f" for a document of {len(writer.pages)} pages"
            )
        for i, overlay in enumerate(stamps):
            page = writer.pages[stamp.first + i]
            page.merge_page(overlay, over=True)
            page.compress_content_streams()
    for link in links or ():
        x0, y0, x1, y1 = link.rect
        x, y = link.at
        top = float(writer.pages[link.page].mediabox.top)
        target_top = float(writer.pages[link.target].mediabox.top)
        writer.add_annotation(
            link.page,
            Link(
                rect=(x0 * PX, top - y1 * PX, x1 * PX, top - y0 * PX),
                target_page_index=link.target,
                fit=Fit.xyz(left=x * PX, top=target_top - y * PX),
            ),
        )
    if first is not None and first.metadata:
        writer.add_metadata({k: v for k, v in first.metadata.items() if isinstance(v, str)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
