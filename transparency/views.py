"""The public pages at /acik/ (DESIGN.md §9), open without login for a plan whose public pages
are on (`goals.permissions.can_read_public_pages`), and a 404 otherwise.

Fast: a period's page, CSV and JSON are read from the figures frozen at publication
(`PublishedFigures`), rendered once per publication into Django's cache, and served with an
ETag, a Last-Modified and a short public Cache-Control; a repeated request with a matching
`If-None-Match` or `If-Modified-Since` gets 304. The plan page is cached for a few minutes
under a key that changes with every publication and with the on/off switch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from goals.models import Plan
from goals.permissions import strategy_required
from reports.charts import Bar, bar_chart
from transparency import selectors
from transparency.models import PublishedFigures
from transparency.opendata import SCHEMA_PATH, SCHEMA_VERSION, document_csv, with_decimals
from transparency.services import public_pages_set

MAX_AGE = 60
"""Seconds a browser or proxy may keep a public page without asking again (then it asks
with If-None-Match and gets 304 if nothing was published)."""
PLAN_PAGE_TIMEOUT = 300
"""Seconds the plan page is kept in the server's cache (plan edits in the admin show after
at most this long; publications and the on/off switch at once)."""


def _conditional(
    request: HttpRequest,
    content: bytes,
    content_type: str,
    last_modified: dt.datetime | None = None,
    filename: str | None = None,
) -> HttpResponse:
    """`content` with an ETag (its hash), Last-Modified, a public Cache-Control; 304 when the
    client's copy is current."""
    etag = '"%s"' % hashlib.sha256(content).hexdigest()[:32]
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = HttpResponse(content, content_type=content_type)
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    if not content_type.startswith("text/html"):
        # Open data: any web page may read it (no cookies are involved).
        response["Access-Control-Allow-Origin"] = "*"
    conditional = get_conditional_response(
        request, etag=etag, last_modified=timestamp, response=response
    )
    return conditional


def _cached(key: str, build: Callable[[], bytes], timeout: int | None = None) -> bytes:
    content = cache.get(key)
    if content is None:
        content = build()
        cache.set(key, content, timeout)
    return content


def _page(request: HttpRequest, template: str, context: dict) -> bytes:
    return render_to_string(template, context, request=request).encode("utf-8")


@login_not_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The plans whose public pages are on; 404 when none is."""
    plans = selectors.public_plans()
    if not plans:
        raise Http404
    content = _page(request, "transparency/index.html", {"plans": plans})
    return _conditional(request, content, "text/html; charset=utf-8")


@login_not_required
@require_safe
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan: mission, vision, aims, targets, indicators and responsible units; the
    published periods, their open data and the published reports."""
    plan = selectors.public_plan(pk)
    periods = selectors.published_periods(plan)
    reports = selectors.published_reports(plan)
    version = "-".join(
        [_figures_key(p) for p in periods]
        + [f"r{r.pk}:{r.published_at and r.published_at.timestamp()}" for r in reports]
        + [get_language() or ""]
    )

    def build() -> bytes:
        return _page(
            request,
            "transparency/plan.html",
            {
                "plan": plan,
                "aims": selectors.plan_tree(plan),
                "periods": periods,
                "reports": reports,
                "schema_version": SCHEMA_VERSION,
            },
        )

    content = _cached(f"public:plan:{plan.pk}:{version}", build, PLAN_PAGE_TIMEOUT)
    # ETag only: the plan's texts can change without a publication.
    return _conditional(request, content, "text/html; charset=utf-8")


def _figures_key(figures: PublishedFigures) -> str:
    """Names one publication for good (a pk alone can come back after a database restore)."""
    return f"{figures.pk}:{figures.report_id}:{figures.published_at.timestamp()}"


def _aim_chart(document: dict) -> str:
    return bar_chart(
        [Bar(f"{a['code']}", a["realization"]) for a in document["aims"]],
        title=_("Aim realization"),
        reference=100,
    )


@login_not_required
@require_safe
def period(request: HttpRequest, pk: int, year: int, half: int) -> HttpResponse:
    """The figures of a published period, as published: plan, aims, targets, indicators
    (realization, progress, coverage, status), a chart, and the forecast labelled as such."""
    plan = selectors.public_plan(pk)
    figures = selectors.period_figures(plan, year, half)

    def build() -> bytes:
        document = with_decimals(figures.data)
        return _page(
            request,
            "transparency/period.html",
            {
                "plan": plan,
                "figures": figures,
                "doc": document,
                "chart": _aim_chart(document),
            },
        )

    key = f"public:period:{_figures_key(figures)}:{get_language()}"
    content = _cached(key, build)
    return _conditional(request, content, "text/html; charset=utf-8", figures.published_at)


def _data(request: HttpRequest, pk: int, year: int, half: int) -> tuple[Plan, PublishedFigures]:
    plan = selectors.public_plan(pk)
    return plan, selectors.period_figures(plan, year, half)


@login_not_required
@require_safe
def data_json(request: HttpRequest, pk: int, year: int, half: int) -> HttpResponse:
    """The open data of a published period as JSON (docs/open-data.md)."""
    _plan, figures = _data(request, pk, year, half)
    content = _cached(
        f"public:json:{_figures_key(figures)}",
        lambda: json.dumps(figures.data, ensure_ascii=False, indent=2).encode("utf-8"),
    )
    return _conditional(
        request,
        content,
        "application/json; charset=utf-8",
        figures.published_at,
        filename=f"karsplan-{figures.label}.json",
    )


@login_not_required
@require_safe
def data_csv(request: HttpRequest, pk: int, year: int, half: int) -> HttpResponse:
    """The open data of a published period as CSV (UTF-8, Turkish headers)."""
    _plan, figures = _data(request, pk, year, half)
    content = _cached(f"public:csv:{_figures_key(figures)}", lambda: document_csv(figures.data))
    return _conditional(
        request,
        content,
        "text/csv; charset=utf-8",
        figures.published_at,
        filename=f"karsplan-{figures.label}.csv",
    )


@login_not_required
@require_safe
def schema(request: HttpRequest) -> HttpResponse:
    """The JSON Schema of the open data (version 1)."""
    return _conditional(request, SCHEMA_PATH.read_bytes(), "application/schema+json")


@login_not_required
@require_safe
def report_file(request: HttpRequest, pk: int, report_pk: int, fmt: str) -> FileResponse:
    """A published report's PDF or Excel file."""
    plan = selectors.public_plan(pk)
    report = selectors.published_report(plan, report_pk)
    stored = {"pdf": report.pdf, "xlsx": report.xlsx}.get(fmt)
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404
    name = stored.name.rsplit("/", 1)[-1].split("-", 1)[-1]  # drop the random prefix
    response = FileResponse(handle, as_attachment=True, filename=name)
    if report.published_at:
        response["Last-Modified"] = http_date(int(report.published_at.timestamp()))
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_http_methods(["GET", "POST"])
@strategy_required
def manage(request: HttpRequest) -> HttpResponse:
    """The strategy office turns each plan's public pages on or off."""
    if request.method == "POST":
        plan = Plan.objects.filter(pk=request.POST.get("plan")).first()
        if plan is None:
            raise Http404
        enabled = request.POST.get("enabled") == "1"
        public_pages_set(plan=plan, enabled=enabled, user=request.user)
        if enabled:
            messages.success(request, _("The public pages of %(plan)s are on.") % {"plan": plan})
        else:
            messages.success(request, _("The public pages of %(plan)s are off.") % {"plan": plan})
        return redirect("public:manage")
    return render(request, "transparency/manage.html", {"plans": list(Plan.objects.all())})
