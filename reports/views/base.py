"""What every dashboard page shares: the selection (year, period, approved only) with its
defaults, the page context and the chart helpers."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from goals import data_version
from goals.models import Plan, Target
from indicators.computation import Status
from karsplan.lib.text import turkish_sort_key
from reports import charts
from reports.forms import SelectionForm
from reports.headline import MIN_HEADLINE_COVERAGE
from reports.periods import default_period
from reports.results import Results, half_label
from reports.results.cache import results_cache_key

logger = logging.getLogger(__name__)

FRAGMENT_TIMEOUT = 24 * 3600
"""Seconds a rendered fragment stays in Django's cache (its key changes with the data)."""
_fragment_code: str | None = None


@dataclass(frozen=True)
class Selection:
    year: int
    half: int
    approved_only: bool

    @property
    def label(self) -> str:
        return f"{self.year}-{half_label(self.half)}"

    @property
    def params(self) -> dict[str, str]:
        """The query parameters that carry the selection to the next page."""
        params = {"year": str(self.year), "period": half_label(self.half)}
        if self.approved_only:
            params["approved"] = "1"
        return params


def _selection(form: SelectionForm, plan: Plan) -> Selection:
    """The year and period asked for; where either is missing (or invalid), the default of
    `reports.periods.default_period`, whose query runs only then."""
    year, period = form.value("year"), form.value("period")
    if year is None or period is None:
        default_year, default_half = _default_period(plan)
        if year is None:
            year = default_year
        if period is None:
            half = default_half if year == default_year else 2
        else:
            half = 1 if period == "H1" else 2
    else:
        half = 1 if period == "H1" else 2
    sel = Selection(year, half, bool(form.value("approved", False)))
    # Show the year and period in use (a default, or in place of an invalid value); the
    # errors were computed before and stay on the form.
    form.data = form.data.copy()
    form.data["year"], form.data["period"] = str(year), half_label(half)
    return sel


def _default_period(plan: Plan) -> tuple[int, int]:
    """`reports.periods.default_period` of today, kept in Django's cache under the plan's data
    version as read with `plan` in this request (the periods' deadlines and the values it
    looks at are the plan's data): its query runs once per data version and day."""
    if data_version.written_in_transaction(plan.pk):
        return default_period(plan)
    today = timezone.localdate()
    key = f"karsplan:default-period:{plan.pk}:{plan.data_version.hex}:{today.isoformat()}"
    try:
        found = cache.get(key)
    except Exception:
        logger.warning("default period cache: read failed", exc_info=True)
        found = None
    if found is None:
        found = default_period(plan, today)
        try:
            cache.set(key, found, FRAGMENT_TIMEOUT)
        except Exception:
            logger.warning("default period cache: write failed", exc_info=True)
    return tuple(found)


def _filter_form(
    request: HttpRequest, plan: Plan, probe: SelectionForm, **choices: object
) -> SelectionForm:
    """The page's filter form, built once the results give its choices (units, aims): its
    errors are the request's, its year and period those in use (`probe`'s, after
    `_selection`)."""
    form = SelectionForm(request.GET, years=plan.years, **choices)
    form.is_valid()
    form.data = probe.data
    return form


def _units_in(results: Results, scope: frozenset[int] | None = None) -> list[tuple[int, str]]:
    """The responsible units of the results' targets (those in `scope` when given: a unit
    staff's own), by name, without a query (the loader joins each target's responsible
    unit)."""
    units = {
        t.target.responsible_unit_id: t.target.responsible_unit.name
        for t in results.targets()
        if scope is None or t.target.responsible_unit_id in scope
    }
    return sorted(units.items(), key=lambda item: turkish_sort_key(item[1]))


def _in_scope(scope: frozenset[int] | None, target: Target) -> bool:
    return scope is None or target.responsible_unit_id in scope


def _context(plan: Plan, sel: Selection, form: SelectionForm, **extra: object) -> dict:
    return {
        "plan": plan,
        "scoped": False,
        "min_coverage": MIN_HEADLINE_COVERAGE,
        "sel": sel,
        "form": form,
        "params": sel.params,
        "half_name": _("H1 (January–June)") if sel.half == 1 else _("H2 (July–December)"),
        **extra,
    }


def _svg(svg: str) -> str:
    """Mark a chart safe: `reports.charts` escapes every text it writes."""
    return mark_safe(svg)  # noqa: S308 - built and escaped by reports.charts


def _bar_color(band: Status | None) -> str:
    return charts.STATUS_COLORS[band] if band else charts.BRAND


def _series_chart(series: list[Results], values: list, title: str) -> str:
    labels = [r.label for r in series]
    return _svg(
        charts.line_chart(labels, [charts.Series(title, values)], title=title, reference=100)
    )


def _fragment_code_digest() -> str:
    """A digest of the templates and code that render the fragments: a deployment that
    changes them never serves a fragment rendered by the old ones."""
    global _fragment_code
    if _fragment_code is None:
        app = Path(__file__).resolve().parent.parent
        files = sorted((app / "templates" / "reports").glob("**/*.html"))
        files += [app / "plan_views.py", app / "plan_selectors.py"]
        files += [app / "charts.py", app / "templatetags" / "dashboard.py", *app.glob("views/*.py")]
        digest = hashlib.sha256()
        for path in files:
            digest.update(path.read_bytes())
        _fragment_code = digest.hexdigest()[:12]
    return _fragment_code


def fragment(results: Results, name: str, params: object, render: Callable[[], str]) -> str:
    """`render()`, the HTML of a part of a page that depends on `results` (the whole plan's,
    as cached) and on `params` (the filters, the user's scope) alone, kept in Django's cache
    under the results' cache key (`reports.results.cache.results_cache_key`: plan, data
    version, period, approved only, settings), the language and `params`: rendered once per
    data version, not once per request. Results that are not cached (inside a transaction
    that wrote the plan's data) render every time; a cache that fails renders."""
    results_key = results_cache_key(results)
    if results_key is None:
        return render()
    return _cached_html(results_key, name, params, render)


def plan_fragment(plan: Plan, name: str, params: object, render: Callable[[], str]) -> str:
    """`render()`, the HTML of a part of a page that depends on the plan's data alone (and on
    `params`), kept in Django's cache under the plan's data version (`plan.data_version`, as
    read with the plan in this request): rendered again after every committed write of the
    plan's data; every time inside a transaction that wrote it."""
    if data_version.written_in_transaction(plan.pk):
        return render()
    return _cached_html(f"plan:{plan.pk}:{plan.data_version.hex}", name, params, render)


def _cached_html(base: str, name: str, params: object, render: Callable[[], str]) -> str:
    raw = f"{base}|{name}|{get_language()}|{_fragment_code_digest()}|{params!r}"
    key = "karsplan:fragment:" + hashlib.sha256(raw.encode()).hexdigest()
    try:
        html = cache.get(key)
    except Exception:
        logger.warning("fragment cache: read failed", exc_info=True)
        html = None
    if html is None:
        html = render()
        try:
            cache.set(key, html, FRAGMENT_TIMEOUT)
        except Exception:
            logger.warning("fragment cache: write failed", exc_info=True)
    return html
