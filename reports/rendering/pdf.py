"""The PDF renderer: a pure function from `ReportData` to a `RenderedFile` (WeasyPrint).

The HTML is rendered aim by aim (so that a job can report its progress), laid out by
WeasyPrint on A4 with the fonts bundled in static/fonts (full Turkish glyphs, embedded), and
written to bytes. WeasyPrint fetches nothing but our own static files: `StaticOnlyFetcher`
refuses every other URL, so a text typed by a user can never make the renderer reach the
network or the file system.
"""

from __future__ import annotations

import base64
import gc
import mimetypes
import posixpath
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from weasyprint import HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from indicators.computation import Status
from reports import charts
from reports.rendering.context import ReportData, status_names
from reports.rendering.files import PDF, RenderedFile, report_filename
from reports.rendering.parts import (
    PART_INDICATORS,
    Part,
    Stamp,
    TocLink,
    join_pdfs,
    report_parts,
    toc_entries,
)
from reports.rendering.summary import executive_summary

__all__ = [
    "BASE_URL",
    "PART_INDICATORS",
    "Part",
    "StaticOnlyFetcher",
    "join_pdfs",
    "render_html",
    "render_in_parts",
    "render_pdf",
    "report_parts",
    "static_file_for_url",
]

ORIGIN = "https://karsplan.invalid"
"""A host that never resolves (RFC 2606): the documents' base; only the fetcher answers it."""
BASE_URL = f"{ORIGIN}/"
STATIC_PREFIX = "/static/"

Progress = Callable[[int], None]


def _no_progress(percent: int) -> None:
    pass


def static_file_for_url(url: str) -> Path:
    """The static file that `url` (`https://karsplan.invalid/static/…`) names.

    Raises ValueError for any other URL, a path that climbs out of the static folders, or a
    file that does not exist.
    """
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.netloc != urlsplit(ORIGIN).netloc:
        raise ValueError(f"refused (not our static files): {url}")
    path = unquote(parts.path)
    if not path.startswith(STATIC_PREFIX):
        raise ValueError(f"refused (not under {STATIC_PREFIX}): {url}")
    relative = path[len(STATIC_PREFIX) :]
    normal = posixpath.normpath(relative)
    if (
        not relative
        or "\\" in relative
        or "\x00" in relative
        or normal != relative
        or normal.startswith(("/", "../"))
        or normal == ".."
    ):
        raise ValueError(f"refused (bad path): {url}")
    found = finders.find(normal)
    if found is None and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT) / normal
        found = str(candidate) if candidate.is_file() else None
    if not found:
        raise ValueError(f"no such static file: {normal}")
    return Path(found)


DATA_IMAGES = ("image/png", "image/svg+xml")
"""The data URLs the fetcher answers: the plan's logo (checked when uploaded, reports.logo)."""


def data_image(url: str) -> tuple[bytes, str] | None:
    """(bytes, type) of a `data:image/png;base64,…` or `data:image/svg+xml;base64,…` URL."""
    if not url.startswith("data:"):
        return None
    head, _comma, payload = url[5:].partition(",")
    mime, _semi, encoding = head.partition(";")
    if mime not in DATA_IMAGES or encoding != "base64":
        raise ValueError("refused (only PNG and SVG data URLs)")
    return base64.b64decode(payload, validate=True), mime


class StaticOnlyFetcher(URLFetcher):
    """WeasyPrint's URL fetcher, serving only our own static files (fonts, images) and the
    logo's data URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("https", "data"), allow_redirects=False)
        self.fetched: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if (image := data_image(url)) is not None:
            body, mime = image
            return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})
        path = static_file_for_url(url)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".ttf":
            mime = "font/ttf"
        self.fetched.append(url)
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})


def static_url(path: str) -> str:
    return f"{ORIGIN}{STATIC_PREFIX}{path}"


def _charts(data: ReportData) -> dict[str, SafeString]:
    from django.utils.translation import gettext as _

    aims = [
        charts.Bar(
            label=a.figures.aim.code,
            value=a.figures.realization,
            color=(
                charts.STATUS_COLORS[str(a.figures.band)]
                if a.figures.band is not None
                else charts.BRAND
            ),
        )
        for a in data.aims
    ]
    statuses = [
        (key, label, count)
        for key, label, count in data.status_counts()
        if count or key not in (Status.DONEM_DISI,)
    ]
    return {
        "aims": mark_safe(  # noqa: S308 - charts escape every text
            charts.bar_chart(aims, title=_("Realization by aim (%)"), reference=100, width=620)
        ),
        "statuses": mark_safe(  # noqa: S308
            charts.status_chart(statuses, title=_("Indicators by status"), width=620)
        ),
    }


def _base_context(data: ReportData) -> dict:
    return {
        "data": data,
        "results": data.results,
        "plan": data.plan,
        "annual": data.is_annual,
        "half": data.half,
        "status_names": status_names(),
        "summary": executive_summary(data),
        "logo_url": (
            f"data:{data.logo.content_type};base64,{base64.b64encode(data.logo.content).decode()}"
            if data.logo
            else ""
        ),
    }


def _aims_html(
    data: ReportData, base: dict, parts: list[Part], progress: Progress, share: int
) -> list[SafeString]:
    """Each aim's HTML; the first aim of each part after the first starts a new page."""
    starts = {part.aims[0] for part in parts if part.aims} - {0}
    aims_html = []
    total = max(len(data.aims), 1)
    for i, aim in enumerate(data.aims):
        context = {**base, "aim": aim, "part_start": i in starts}
        aims_html.append(
            mark_safe(  # noqa: S308 - rendered by the template engine, autoescaped
                render_to_string("reports/pdf/_aim.html", context)
            )
        )
        progress(round(share * (i + 1) / total))
    return aims_html


def _document_html(
    data: ReportData,
    base: dict,
    aims_html: list[SafeString],
    part: Part,
    *,
    pages_total: int | None = None,
    toc_pages: dict[str, int] | None = None,
    footer: str = "",
) -> str:
    """The HTML of `part`: its pages numbered from 1 of `pages_total` when given (else of the
    document's own count), the contents' entries in `toc_pages` with the
    given page numbers (else from CSS `target-counter`); `footer="stamped"` leaves out the
    bottom margin boxes (a part's stamp prints them, `render_in_parts`)."""
    context = {
        **base,
        "part": part,
        "part_strings": not part.front,
        "pages_total": pages_total,
        "toc_pages": toc_pages,
        "aims_html": [aims_html[i] for i in part.aims],
        "charts": _charts(data) if part.front else {},
        "footer": footer,
        "font": _fonts(),
    }
    return render_to_string("reports/pdf/report.html", context)


def _fonts() -> dict[str, str]:
    return {
        "regular": static_url("fonts/DejaVuSans.ttf"),
        "bold": static_url("fonts/DejaVuSans-Bold.ttf"),
        "italic": static_url("fonts/DejaVuSans-Oblique.ttf"),
        "bold_italic": static_url("fonts/DejaVuSans-BoldOblique.ttf"),
        "condensed": static_url("fonts/DejaVuSansCondensed.ttf"),
        "condensed_bold": static_url("fonts/DejaVuSansCondensed-Bold.ttf"),
    }


def _whole(data: ReportData) -> Part:
    return Part(front=True, aims=tuple(range(len(data.aims))), annexes=True)


def render_html(
    data: ReportData,
    progress: Progress = _no_progress,
    part_indicators: int = PART_INDICATORS,
) -> str:
    """The report as one HTML document; `progress` gets 0–60 as the aims are rendered."""
    base = _base_context(data)
    aims_html = _aims_html(data, base, report_parts(data, part_indicators), progress, 60)
    return _document_html(data, base, aims_html, _whole(data))


def _layout(html: str, fonts: FontConfiguration) -> Document:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render(
        font_config=fonts
    )


@contextmanager
def _gc_for_layout() -> Iterator[None]:
    """Python's cyclic garbage collector tuned for WeasyPrint's layout, which allocates
    millions of small objects: the objects that exist before it (Django, the report's data)
    are frozen out of the collections and the youngest generation is collected after 50,000
    allocations instead of 700. The layout takes about a quarter less time, the same memory
    (each part's layout is collected explicitly when dropped)."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, threshold[1], threshold[2])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def render_pdf(
    data: ReportData,
    progress: Progress = _no_progress,
    timings: dict | None = None,
    *,
    part_indicators: int = PART_INDICATORS,
    in_parts: bool | None = None,
) -> RenderedFile:
    """The report as a PDF: `(filename, content_type, bytes)`. No database access.

    A report with more than `part_indicators` indicators is rendered in parts
    (`render_in_parts`; `in_parts` forces either way) to bound the memory held.
    `progress` gets 0–100; `timings`, when given, receives the seconds spent building the
    HTML ("html"), laying it out ("layout") and writing the PDF ("write").
    """
    parts = report_parts(data, part_indicators)
    if in_parts is None:
        in_parts = len(parts) > 3
    spent = {"html": 0.0, "layout": 0.0, "write": 0.0}
    with (
        translation.override(settings.LANGUAGE_CODE),
        timezone.override(settings.TIME_ZONE),
        _gc_for_layout(),
    ):
        started = time.perf_counter()
        base = _base_context(data)
        aims_html = _aims_html(data, base, parts, progress, 20 if in_parts else 60)
        spent["html"] += time.perf_counter() - started
        if in_parts:
            content = render_in_parts(data, base, aims_html, parts, progress, spent)
        else:
            content = _single_pass(data, base, aims_html, progress, spent)
        progress(100)
    if timings is not None:
        timings.update(spent)
    return RenderedFile(
        filename=report_filename(data.kind, data.year, data.half, "pdf"),
        content_type=PDF,
        content=content,
    )


def _single_pass(
    data: ReportData, base: dict, aims_html: list[SafeString], progress: Progress, spent: dict
) -> bytes:
    started = time.perf_counter()
    html = _document_html(data, base, aims_html, _whole(data))
    built = time.perf_counter()
    document = _layout(html, FontConfiguration())
    progress(85)
    laid_out = time.perf_counter()
    content = document.write_pdf()
    done = time.perf_counter()
    spent["html"] += built - started
    spent["layout"] += laid_out - built
    spent["write"] += done - laid_out
    return content


def render_in_parts(
    data: ReportData,
    base: dict,
    aims_html: list[SafeString],
    parts: list[Part],
    progress: Progress = _no_progress,
    spent: dict | None = None,
) -> bytes:
    """The report rendered part by part and joined into one PDF, with the same pages as one
    pass: each part is laid out once, and at most one part's layout is held in memory.

    1. Each part after the front matter is laid out without its bottom margin boxes
       (`footer="stamped"`) and written; its page count and the page of each of its anchors
       (the contents' targets) are kept, the layout dropped.
    2. The front matter is laid out with the contents' page numbers of the other parts
       (offset by its own page count, found by laying it out again until it is stable:
       usually twice) and "of Y" pages, and written.
    3. The stamp: as many empty pages as the other parts have, numbered from the first page
       after the front matter, of Y, with only the bottom margin boxes (`footer="only"`).
    4. The parts' PDFs are joined (pypdf, `join_pdfs`), the stamp laid over the parts after the
       front matter, with their outlines, the contents' links and the front's metadata.
    """
    spent = spent if spent is not None else {"html": 0.0, "layout": 0.0, "write": 0.0}
    fonts = FontConfiguration()
    front, rest = parts[0], parts[1:]
    steps = len(rest) + 3
    done_steps = 0

    def lay_out(html_of) -> Document:
        nonlocal done_steps
        started = time.perf_counter()
        html = html_of()
        built = time.perf_counter()
        document = _layout(html, fonts)
        spent["html"] += built - started
        spent["layout"] += time.perf_counter() - built
        done_steps += 1
        progress(20 + round(75 * min(done_steps, steps) / steps))
        return document

    def step(part: Part, **kwargs) -> Document:
        return lay_out(lambda: _document_html(data, base, aims_html, part, **kwargs))

    counts: list[int] = []
    anchors: dict[str, tuple[int, int, float, float]] = {}
    pdfs: list[bytes] = []
    for k, part in enumerate(rest):
        document = step(part, footer="stamped")
        counts.append(len(document.pages))
        for i, page in enumerate(document.pages):
            for name, (x, y, *_end) in page.anchors.items():
                anchors.setdefault(name, (k, i, x, y))
        pdfs.append(_write(document, spent))
        del document
        gc.collect()

    front_pages = 0
    front_pdf = None
    for _attempt in range(6):
        offsets = [front_pages + sum(counts[:k]) for k in range(len(rest))]
        total = front_pages + sum(counts)
        toc = {name: offsets[k] + i + 1 for name, (k, i, _x, _y) in anchors.items()}
        document = step(front, pages_total=total, toc_pages=toc)
        pages = len(document.pages)
        if pages == front_pages:
            front_pdf = _write(document, spent)
            links = [
                TocLink(i, rect, toc[anchor] - 1, anchors[anchor][2:])
                for i, page in enumerate(document.pages)
                for anchor, rect in toc_entries(page)
            ]
        document = None
        gc.collect()
        if front_pdf is not None:
            break
        front_pages = pages
    if front_pdf is None:  # pragma: no cover - the contents' length does not depend on them
        raise RuntimeError("the front matter's page count does not settle")

    stamped = sum(counts)
    document = lay_out(lambda: _stamp_html(base, stamped, front_pages + 1, total))
    if len(document.pages) != stamped:  # pragma: no cover - one empty page per division
        raise RuntimeError(f"the stamp has {len(document.pages)} pages for {stamped}")
    stamp = Stamp(_write(document, spent), first=front_pages)
    del document

    started = time.perf_counter()
    content = join_pdfs([front_pdf, *pdfs], links, stamp)
    spent["write"] += time.perf_counter() - started
    return content


def _stamp_html(base: dict, pages: int, first_page: int, pages_total: int) -> str:
    """The stamp of the parts after the front matter: `pages` empty pages numbered from
    `first_page` of `pages_total`, with only the bottom margin boxes."""
    context = {
        **base,
        "footer": "only",
        "pages": range(pages),
        "first_page": first_page,
        "pages_total": pages_total,
        "font": _fonts(),
    }
    return render_to_string("reports/pdf/stamp.html", context)


def _write(document: Document, spent: dict) -> bytes:
    started = time.perf_counter()
    content = document.write_pdf()
    spent["write"] += time.perf_counter() - started
    return content
