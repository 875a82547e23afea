"""Dashboards (gösterge paneli) for the strategy office; read only for council members: the
plan overview and the aim, target and indicator pages.

Every figure comes from `reports.results` (the one implementation of DESIGN.md §5); every
chart from `reports.charts` (server-side SVG, the same the PDF reports embed). Each page runs
a fixed number of SQL queries whatever the plan's size (tests/reports/test_dashboard_queries.py).
Unit staff read their own units' pages (`unit_dashboard_required`, scoped by
`goals.permissions.dashboard_unit_scope`): their targets only, another unit's target or
indicator is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from goals.models import Aim, Plan, Target
from goals.permissions import (
    can_access_unit,
    dashboard_unit_scope,
    require_dashboard_unit,
    unit_dashboard_required,
)
from indicators.computation import Status
from indicators.models import Evidence, Indicator, SubmissionStatus
from indicators.results_inputs import plan_indicator_data
from indicators.selectors import value_history
from indicators.statuses import status_label
from reports import charts
from reports.budget import PlanBudgetData
from reports.forms import SelectionForm
from reports.headline import enough_coverage, headline_value
from reports.problems import declarations_of
from reports.results import (
    AimFigures,
    BudgetFigures,
    IndicatorFigures,
    Results,
    ResultsInputs,
    TargetFigures,
    compute_results,
    half_label,
    indicator_formula,
    periods_through,
    plan_results_series,
)
from reports.views.base import (
    Selection,
    _bar_color,
    _context,
    _filter_form,
    _in_scope,
    _selection,
    _series_chart,
    _svg,
    _units_in,
    fragment,
)

__all__ = ["AIMS_PER_PAGE", "aim", "dashboard", "indicator", "overview", "target"]

AIMS_PER_PAGE = 20
"""Aims (with their targets' table) on a page of the overview: all the Kars plan's 8; a plan
20 times larger gets 8 pages, so the page stays the same size."""


@require_GET
@unit_dashboard_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The latest plan's overview; an empty page while no plan is loaded."""
    plan = Plan.objects.current()
    if plan is None:
        return render(request, "reports/dashboard_empty.html")
    return redirect("reports:overview", pk=plan.pk)


@dataclass(frozen=True)
class AimRow:
    """An aim of the overview with the targets shown (the filter's and the user's scope)."""

    fig: AimFigures
    targets: list[TargetFigures]

    @property
    def enough(self) -> bool:
        return enough_coverage(self.fig)


@require_GET
@unit_dashboard_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan and aim realization, status distribution, the periods so far, budget; the aims
    with their targets, `AIMS_PER_PAGE` a page (`?page=`).

    The part under the filters depends on the figures, the filters and the user's scope
    alone: it is rendered once per data version (`overview_body`) and kept in Django's
    cache."""
    plan = get_object_or_404(Plan, pk=pk)
    scope = dashboard_unit_scope(request.user)
    probe = SelectionForm(request.GET, years=plan.years)
    sel = _selection(probe, plan)
    series = plan_results_series(plan, sel.year, sel.half, sel.approved_only)
    results = series[-1]
    units = _units_in(results, scope)
    form = _filter_form(request, plan, probe, units=units)
    unit_id = form.value("unit")
    asked = request.GET.get("page", "")
    # a page number from 1 to the number of aims (beyond the last: the last, as Paginator)
    page = min(int(asked), len(results.aims)) if asked.isdigit() and int(asked) > 0 else 1
    scope_key = sorted(scope) if scope is not None else None
    body = fragment(
        results,
        "overview",
        (scope_key, unit_id, page),
        lambda: overview_body(plan, sel, series, scope, unit_id, dict(units), page),
    )

    context = _context(plan, sel, form, results=results, body=_svg(body))

    def render_head() -> str:
        return render_to_string("reports/_overview_head.html", context)

    # The tabs, the filter form and the selection: a valid form shows the selection in use
    # alone (the results' year, period and approved only, and the unit; the scope gives the
    # unit choices); with errors it shows the request's.
    head = (
        render_head()
        if form.errors
        else fragment(results, "overview-head", (scope_key, unit_id), render_head)
    )
    return render(
        request,
        "reports/overview.html",
        {**context, "head": _svg(head)},
    )


def overview_body(
    plan: Plan,
    sel: Selection,
    series: list[Results],
    scope: frozenset[int] | None,
    unit_id: int | None,
    unit_names: dict[int, str],
    page_number: int,
) -> str:
    """The overview under the filters: the key figures, the charts and a page of the aims."""
    results = series[-1]
    aims = []
    for aim in results.aims:
        targets = [
            t
            for t in aim.targets
            if _in_scope(scope, t.target)
            and (unit_id is None or t.target.responsible_unit_id == unit_id)
        ]
        if targets:
            aims.append(AimRow(aim, targets))
    shown = [fig for row in aims for t in row.targets for fig in t.indicators]
    declared = [d for d in declarations_of(series, sel.year) if _in_scope(scope, d.target)]
    counts = dict.fromkeys(Status, 0)
    for fig in shown:
        counts[fig.status] += 1

    aim_chart = charts.bar_chart(
        [charts.Bar(a.aim.code, headline_value(a), _bar_color(a.band)) for a in results.aims],
        title=_("Aim realization"),
        reference=100,
        empty_label=_("not enough data"),
    )
    status_chart = charts.status_chart(
        [(s.value, status_label(s), n) for s, n in counts.items()],
        title=_("Status distribution"),
    )
    budget_chart = _budget_chart([(a.aim.code, a.budget) for a in results.aims])
    page = Paginator(aims, AIMS_PER_PAGE).get_page(page_number)
    page_params = {**sel.params, **({"unit": str(unit_id)} if unit_id else {})}
    context = _context(
        plan,
        sel,
        None,
        results=results,
        enough=enough_coverage(results),
        aims=page.object_list,
        aim_page=page,
        aim_pages=[
            (n, f"{rows[0].fig.aim.code}–{rows[-1].fig.aim.code}")
            for n, rows in (
                (n, page.paginator.page(n).object_list) for n in page.paginator.page_range
            )
        ]
        if page.has_other_pages()
        else [],
        page_params=page_params,
        open_aims=unit_id is not None or scope is not None or len(aims) <= 3,
        indicator_count=len(shown),
        declaration_count=len(declared),
        unit_name=unit_names.get(unit_id) if unit_id else None,
        scoped=scope is not None,
        aim_chart=_svg(aim_chart),
        status_chart=_svg(status_chart),
        series_chart=_series_chart(
            series, [headline_value(r) for r in series], _("Plan realization")
        ),
        budget_chart=_svg(budget_chart),
    )
    del context["form"]  # the page's, not the fragment's
    return render_to_string("reports/_overview_body.html", context)


def _budget_chart(items: list[tuple[str, BudgetFigures]]) -> str:
    """Planned and actual costs side by side, one group per (code, budget) of `items`."""
    return charts.grouped_bar_chart(
        [code for code, _budget in items],
        [
            charts.Series(_("Planned"), [b.planned for _code, b in items], "#9aa5b1"),
            charts.Series(_("Actual"), [b.actual for _code, b in items], charts.BRAND),
        ],
        title=_("Budget: planned and actual (TL)"),
    )


@require_GET
@unit_dashboard_required
def aim(request: HttpRequest, pk: int) -> HttpResponse:
    """One aim: its realization over the periods, its targets and their budget."""
    aim = get_object_or_404(Aim.objects.select_related("plan"), pk=pk)
    plan = aim.plan
    form = SelectionForm(request.GET, years=plan.years)
    sel = _selection(form, plan)
    series = plan_results_series(plan, sel.year, sel.half, sel.approved_only, aim=aim)
    results = series[-1]
    fig = results.aims[0]
    scope = dashboard_unit_scope(request.user)
    targets = [t for t in fig.targets if _in_scope(scope, t.target)]
    if not targets and scope is not None:
        raise Http404
    target_chart = charts.bar_chart(
        [charts.Bar(t.target.code, t.realization, _bar_color(t.band)) for t in targets],
        title=_("Target realization"),
        reference=100,
        empty_label=_("no data"),
    )
    budget_chart = _budget_chart([(t.target.code, t.budget) for t in targets])
    return render(
        request,
        "reports/aim.html",
        _context(
            plan,
            sel,
            form,
            aim=aim,
            fig=fig,
            targets=targets,
            enough=enough_coverage(fig),
            scoped=scope is not None,
            results=results,
            target_chart=_svg(target_chart),
            budget_chart=_svg(budget_chart),
            series_chart=_series_chart(
                series, [headline_value(r.aims[0]) for r in series], _("Aim realization")
            ),
        ),
    )


@dataclass(frozen=True)
class IndicatorRow:
    fig: IndicatorFigures
    formula: object
    sparkline: str


@require_GET
@unit_dashboard_required
def target(request: HttpRequest, pk: int) -> HttpResponse:
    """One target: the formula with each indicator's A, B, C, realization, coverage, budget."""
    target = get_object_or_404(
        Target.objects.select_related("plan", "aim", "responsible_unit"), pk=pk
    )
    require_dashboard_unit(request.user, target.responsible_unit_id)
    plan = target.plan
    form = SelectionForm(request.GET, years=plan.years)
    sel = _selection(form, plan)
    series = plan_results_series(plan, sel.year, sel.half, sel.approved_only, target=target)
    results = series[-1]
    fig = results.aims[0].targets[0]
    periods = periods_through(plan, sel.year, sel.half)
    labels = [f"{y}-{half_label(h)}" for y, h in periods]
    rows = []
    for ind in fig.indicators:
        values = ind.period_values(periods)
        title = ", ".join(
            f"{label}: {charts.compact_number(v.value) if v else '–'}"
            for label, v in zip(labels, values, strict=True)
        )
        rows.append(
            IndicatorRow(
                fig=ind,
                formula=indicator_formula(ind, sel.half),
                sparkline=_svg(
                    charts.sparkline([v.value if v else None for v in values], title=title)
                ),
            )
        )
    return render(
        request,
        "reports/target.html",
        _context(
            plan,
            sel,
            form,
            target=target,
            fig=fig,
            rows=rows,
            declarations=declarations_of(series, sel.year),
            period_labels=labels,
            series_chart=_series_chart(
                series,
                [r.aims[0].targets[0].realization for r in series],
                _("Target realization"),
            ),
        ),
    )


@require_GET
@unit_dashboard_required
def indicator(request: HttpRequest, pk: int) -> HttpResponse:
    """One indicator: planned and actual 2025–2029, period values, history, evidence."""
    indicator = get_object_or_404(
        Indicator.objects.select_related(
            "target__plan", "target__aim", "target__responsible_unit", "activity"
        ),
        pk=pk,
    )
    target, plan = indicator.target, indicator.target.plan
    require_dashboard_unit(request.user, target.responsible_unit_id)
    form = SelectionForm(request.GET, years=plan.years)
    sel = _selection(form, plan)
    # The indicator page shows no budget: its data alone (7 queries, not 9).
    inputs = ResultsInputs(
        indicators=plan_indicator_data(
            plan, up_to=(plan.end_year, 2), approved_only=sel.approved_only, indicator=indicator
        ),
        budget=PlanBudgetData(planned={}, spent={}),
    )
    yearly = []
    for year in plan.years:
        res = compute_results(inputs, year, 2)
        yearly.append((year, res.aims[0].targets[0].indicators[0]))
    current = compute_results(inputs, sel.year, sel.half).aims[0].targets[0].indicators[0]
    data = inputs.indicators
    unit_id = target.responsible_unit_id
    periods = []
    for period in data.periods:
        actual = data.actual(indicator.pk, period.year, period.half)
        submission = data.submissions.get((unit_id, period.pk))
        periods.append(
            {
                "period": period,
                "due": indicator.is_due_in_half(period.half),
                "actual": actual,
                "submission": submission,
                "approved": submission is not None
                and submission.status == SubmissionStatus.APPROVED,
            }
        )
    unit = indicator.unit_of_measure.strip()
    chart_unit = "%" if unit == "%" else ""
    chart = charts.line_chart(
        [str(y) for y in plan.years],
        [
            charts.Series(_("Planned (B)"), [f.B for _y, f in yearly], "#9aa5b1"),
            charts.Series(_("Actual (C)"), [f.C for _y, f in yearly], charts.BRAND),
        ],
        title=_("Planned and actual values"),
        unit=chart_unit,
        point_labels=True,
    )
    evidence = list(
        Evidence.objects.filter(actual__indicator=indicator, removed_at__isnull=True)
        .select_related("actual__period", "uploaded_by")
        .order_by("actual__period__year", "actual__period__half", "uploaded_at")
    )
    return render(
        request,
        "reports/indicator.html",
        _context(
            plan,
            sel,
            form,
            indicator=indicator,
            target=target,
            current=current,
            formula=indicator_formula(current, sel.half),
            yearly=yearly,
            periods=periods,
            chart=_svg(chart),
            history=value_history(indicator, data.periods),
            evidence=evidence,
            # the strategy office and the unit's own staff download the files
            can_download=can_access_unit(request.user, target.responsible_unit_id),
        ),
    )
