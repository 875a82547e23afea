"""The PDF renderer: a pure function from `ReportData` to a `RenderedFile` (WeasyPrint).

The HTML is rendered aim by aim (so that a job can report its progress), laid out by
WeasyPrint on A4 with the fonts bundled in static/fonts (full Turkish glyphs, embedded), and
written to bytes. WeasyPrint fetches nothing but our own static files: `StaticOnlyFetcher`
refuses every other URL, so a text typed by a user can never make the renderer reach the
network or the file system.
"""

from __future__ import annotations

import base64
import mimetypes
import posixpath
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from indicators.computation import Status
from reports import charts
from reports.rendering.context import ReportData, status_names
from reports.rendering.files import PDF, RenderedFile, report_filename
from reports.rendering.summary import executive_summary

__all__ = ["BASE_URL", "StaticOnlyFetcher", "render_html", "render_pdf", "static_file_for_url"]

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


def render_html(data: ReportData, progress: Progress = _no_progress) -> str:
    """The report as one HTML document; `progress` gets 0–60 as the aims are rendered."""
    base = {
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
    aims_html = []
    total = max(len(data.aims), 1)
    for i, aim in enumerate(data.aims, start=1):
        aims_html.append(
            mark_safe(  # noqa: S308 - rendered by the template engine, autoescaped
                render_to_string("reports/pdf/_aim.html", {**base, "aim": aim})
            )
        )
        progress(round(60 * i / total))
    context = {
        **base,
        "aims_html": aims_html,
        "charts": _charts(data),
        "font": {
            "regular": static_url("fonts/DejaVuSans.ttf"),
            "bold": static_url("fonts/DejaVuSans-Bold.ttf"),
            "italic": static_url("fonts/DejaVuSans-Oblique.ttf"),
            "bold_italic": static_url("fonts/DejaVuSans-BoldOblique.ttf"),
            "condensed": static_url("fonts/DejaVuSansCondensed.ttf"),
            "condensed_bold": static_url("fonts/DejaVuSansCondensed-Bold.ttf"),
        },
    }
    return render_to_string("reports/pdf/report.html", context)


def render_pdf(
    data: ReportData, progress: Progress = _no_progress, timings: dict | None = None
) -> RenderedFile:
    """The report as a PDF: `(filename, content_type, bytes)`. No database access.

    `progress` gets 0–100; `timings`, when given, receives the seconds spent building the
    HTML ("html"), laying it out ("layout") and writing the PDF ("write").
    """
    with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        started = time.perf_counter()
        html = render_html(data, progress)
        built = time.perf_counter()
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
        progress(85)
        laid_out = time.perf_counter()
        content = document.write_pdf()
        progress(100)
        done = time.perf_counter()
    if timings is not None:
        timings.update(html=built - started, layout=laid_out - built, write=done - laid_out)
    return RenderedFile(
        filename=report_filename(data.kind, data.year, data.half, "pdf"),
        content_type=PDF,
        content=content,
    )
