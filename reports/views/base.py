"""What every dashboard page shares: the selection (year, period, approved only) with its
defaults, the page context and the chart helpers."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from goals.models import Plan, Target
from indicators.computation import Status
from karsplan.lib.text import turkish_sort_key
from reports import charts
from reports.forms import SelectionForm
from reports.headline import MIN_HEADLINE_COVERAGE
from reports.periods import default_period
from reports.results import Results, half_label


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
        default_year, default_half = default_period(plan)
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
