"""Dashboards (gösterge paneli) for the strategy office; read only for council members.

Every figure comes from `reports.results` (the one implementation of DESIGN.md §5); every
chart from `reports.charts` (server-side SVG, the same the PDF reports embed). Each page runs
a fixed number of SQL queries whatever the plan's size (tests/reports/test_dashboard_queries.py).
Unit staff get 403 (`dashboard_required`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings as django_settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from goals.models import Aim, Plan, Target, Unit
from goals.permissions import dashboard_required
from indicators.computation import Status, budget_realization
from indicators.lateness import submission_is_late
from indicators.models import (
    Actual,
    Evidence,
    Indicator,
    Period,
    Submission,
    SubmissionStatus,
)
from indicators.results_inputs import up_to_q
from reports import charts
from reports.forms import SelectionForm
from reports.results import (
    STATUS_NAMES,
    IndicatorFigures,
    Results,
    compute_results,
    half_label,
    indicator_formula,
    load_results_inputs,
    periods_through,
    plan_results,
    plan_results_series,
)

PROBLEMS_PER_PAGE = 25
LOW_STATUSES = (Status.DUSUK, Status.COK_DUSUK)


# --- Selection: year, period, approved only --------------------------------------------------


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


def _latest_ended(plan: Plan, today: dt.date) -> tuple[int, int]:
    """The latest period of the plan that has ended by `today` (the first one if none has)."""
    if today.month > 6:
        latest = (today.year, 1)
    else:
        latest = (today.year - 1, 2)
    return max(min(latest, (plan.end_year, 2)), (plan.start_year, 1))


def _default_period(plan: Plan) -> tuple[int, int]:
    """The latest ended period that has values, else the latest ended period (1 query)."""
    ended = _latest_ended(plan, timezone.localdate())
    with_values = (
        Actual.objects.filter(Q(period__plan=plan, value__isnull=False) & up_to_q(*ended))
        .order_by("-period__year", "-period__half")
        .values_list("period__year", "period__half")
        .first()
    )
    return tuple(with_values) if with_values else ended


def _selection(form: SelectionForm, plan: Plan) -> Selection:
    default_year, default_half = _default_period(plan)
    year = form.value("year", default_year)
    period = form.value("period")
    if period is None:
        half = default_half if year == default_year else 2
    else:
        half = 1 if period == "H1" else 2
    sel = Selection(year, half, bool(form.value("approved", False)))
    # Show the year and period in use (a default, or in place of an invalid value); the
    # errors were computed before and stay on the form.
    form.data = form.data.copy()
    form.data["year"], form.data["period"] = str(year), half_label(half)
    return sel


def _units_of(plan: Plan) -> list[tuple[int, str]]:
    units = Unit.objects.filter(responsible_targets__plan=plan).distinct().order_by("name")
    return [(u.pk, u.name) for u in units]


def _context(plan: Plan, sel: Selection, form: SelectionForm, **extra: object) -> dict:
    return {
        "plan": plan,
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


# --- Pages --------------------------------------------------------------------------------------


@require_GET
@dashboard_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The latest plan's overview; an empty page while no plan is loaded."""
    plan = Plan.objects.current()
    if plan is None:
        return render(request, "reports/dashboard_empty.html")
    return redirect("reports:overview", pk=plan.pk)


@require_GET
@dashboard_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan and aim realization, status distribution, the periods so far, budget."""
    plan = get_object_or_404(Plan, pk=pk)
    units = _units_of(plan)
    form = SelectionForm(request.GET, years=plan.years, units=units)
    sel = _selection(form, plan)
    unit_id = form.value("unit")
    series = plan_results_series(plan, sel.year, sel.half, sel.approved_only)
    results = series[-1]

    aims = []
    for aim in results.aims:
        targets = [
            t for t in aim.targets if unit_id is None or t.target.responsible_unit_id == unit_id
        ]
        if targets:
            aims.append((aim, targets))
    shown = [fig for _aim, targets in aims for t in targets for fig in t.indicators]
    counts = dict.fromkeys(Status, 0)
    for fig in shown:
        counts[fig.status] += 1

    aim_chart = charts.bar_chart(
        [charts.Bar(a.aim.code, a.realization, _bar_color(a.band)) for a in results.aims],
        title=_("Aim realization"),
        reference=100,
        empty_label=_("no data"),
    )
    status_chart = charts.status_chart(
        [(s.value, str(STATUS_NAMES[s]), n) for s, n in counts.items()],
        title=_("Status distribution"),
    )
    budget_chart = charts.grouped_bar_chart(
        [a.aim.code for a in results.aims],
        [
            charts.Series(_("Planned"), [a.budget.planned for a in results.aims], "#9aa5b1"),
            charts.Series(_("Actual"), [a.budget.actual for a in results.aims], charts.BRAND),
        ],
        title=_("Budget: planned and actual (TL)"),
    )
    return render(
        request,
        "reports/overview.html",
        _context(
            plan,
            sel,
            form,
            results=results,
            aims=aims,
            indicator_count=len(shown),
            unit_name=dict(units).get(unit_id) if unit_id else None,
            aim_chart=_svg(aim_chart),
            status_chart=_svg(status_chart),
            series_chart=_series_chart(
                series, [r.realization for r in series], _("Plan realization")
            ),
            budget_chart=_svg(budget_chart),
        ),
    )


@require_GET
@dashboard_required
def aim(request: HttpRequest, pk: int) -> HttpResponse:
    """One aim: its realization over the periods, its targets and their budget."""
    aim = get_object_or_404(Aim.objects.select_related("plan"), pk=pk)
    plan = aim.plan
    form = SelectionForm(request.GET, years=plan.years)
    sel = _selection(form, plan)
    series = plan_results_series(plan, sel.year, sel.half, sel.approved_only, aim=aim)
    results = series[-1]
    fig = results.aims[0]
    target_chart = charts.bar_chart(
        [charts.Bar(t.target.code, t.realization, _bar_color(t.band)) for t in fig.targets],
        title=_("Target realization"),
        reference=100,
        empty_label=_("no data"),
    )
    budget_chart = charts.grouped_bar_chart(
        [t.target.code for t in fig.targets],
        [
            charts.Series(_("Planned"), [t.budget.planned for t in fig.targets], "#9aa5b1"),
            charts.Series(_("Actual"), [t.budget.actual for t in fig.targets], charts.BRAND),
        ],
        title=_("Budget: planned and actual (TL)"),
    )
    return render(
        request,
        "reports/aim.html",
        _context(
            plan,
            sel,
            form,
            aim=aim,
            fig=fig,
            results=results,
            target_chart=_svg(target_chart),
            budget_chart=_svg(budget_chart),
            series_chart=_series_chart(
                series, [r.aims[0].realization for r in series], _("Aim realization")
            ),
        ),
    )


@dataclass(frozen=True)
class IndicatorRow:
    fig: IndicatorFigures
    formula: object
    sparkline: str


@require_GET
@dashboard_required
def target(request: HttpRequest, pk: int) -> HttpResponse:
    """One target: the formula with each indicator's A, B, C, realization, coverage, budget."""
    target = get_object_or_404(
        Target.objects.select_related("plan", "aim", "responsible_unit"), pk=pk
    )
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
            period_labels=labels,
            series_chart=_series_chart(
                series,
                [r.aims[0].targets[0].realization for r in series],
                _("Target realization"),
            ),
        ),
    )


@dataclass(frozen=True)
class HistoryRow:
    when: dt.datetime
    user: object
    period: str
    kind: str
    before: Decimal | None
    after: Decimal | None
    explanation: str
    deviation_reason: str
    reason: str


def _history(indicator: Indicator, period_labels: dict[int, str]) -> list[HistoryRow]:
    """The simple_history records of the indicator's actuals, newest first (1 query)."""
    records = list(
        Actual.history.filter(indicator_id=indicator.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    kinds = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    previous: dict[int, Decimal | None] = {}
    rows = []
    for record in records:
        rows.append(
            HistoryRow(
                when=record.history_date,
                user=record.history_user,
                period=period_labels.get(record.period_id, "–"),
                kind=kinds.get(record.history_type, record.history_type),
                before=previous.get(record.id),
                after=record.value,
                explanation=record.explanation,
                deviation_reason=record.deviation_reason,
                reason=record.history_change_reason or "",
            )
        )
        previous[record.id] = record.value
    rows.reverse()
    return rows


@require_GET
@dashboard_required
def indicator(request: HttpRequest, pk: int) -> HttpResponse:
    """One indicator: planned and actual 2025–2029, period values, history, evidence."""
    indicator = get_object_or_404(
        Indicator.objects.select_related(
            "target__plan", "target__aim", "target__responsible_unit", "activity"
        ),
        pk=pk,
    )
    target, plan = indicator.target, indicator.target.plan
    form = SelectionForm(request.GET, years=plan.years)
    sel = _selection(form, plan)
    inputs = load_results_inputs(plan, plan.end_year, 2, sel.approved_only, indicator=indicator)
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
        Evidence.objects.filter(actual__indicator=indicator)
        .select_related("actual__period", "uploaded_by")
        .order_by("actual__period__year", "actual__period__half", "uploaded_at")
    )
    labels = {p.pk: p.label for p in data.periods}
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
            history=_history(indicator, labels),
            evidence=evidence,
        ),
    )


# --- Units ------------------------------------------------------------------------------------


@dataclass
class UnitPeriod:
    """One unit's state in one period."""

    period: Period
    due: int = 0
    entered: int = 0
    submission: Submission | None = None
    late: bool = False

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else SubmissionStatus.DRAFT

    @property
    def status_label(self) -> str:
        return str(SubmissionStatus(self.status).label)


def _is_late(period: Period, submission: Submission | None, today: dt.date) -> bool:
    """Late: `indicators.lateness` (first submitted after the deadline, or never by then)."""
    return submission_is_late(period, submission, today)


@require_GET
@dashboard_required
def units(request: HttpRequest, pk: int) -> HttpResponse:
    """Per unit and period: indicators due, values entered, submitted, approved, returned,
    late."""
    plan = get_object_or_404(Plan, pk=pk)
    form = SelectionForm(request.GET, years=plan.years)
    sel = _selection(form, plan)
    periods = list(
        Period.objects.filter(Q(plan=plan) & up_to_q(sel.year, sel.half, prefix="")).order_by(
            "year", "half"
        )
    )
    unit_list = list(
        Unit.objects.filter(responsible_targets__plan=plan).distinct().order_by("name")
    )
    due = defaultdict(int)  # (unit, half) → indicators due in that half
    for unit_id, months, n in (
        Indicator.objects.filter(target__plan=plan)
        .order_by()
        .values_list("target__responsible_unit", "monitoring_frequency_months")
        .annotate(n=Count("pk"))
    ):
        due[(unit_id, 2)] += n
        if months < 12:
            due[(unit_id, 1)] += n
    entered = {
        (unit_id, period_id): n
        for unit_id, period_id, n in Actual.objects.filter(
            Q(indicator__target__plan=plan, value__isnull=False) & up_to_q(sel.year, sel.half)
        )
        .order_by()
        .values_list("indicator__target__responsible_unit", "period")
        .annotate(n=Count("pk"))
    }
    submissions = {
        (s.unit_id, s.period_id): s
        for s in Submission.objects.with_first_submitted_at()
        .filter(Q(period__plan=plan) & up_to_q(sel.year, sel.half))
        .select_related("submitted_by", "reviewed_by")
    }
    today = timezone.localdate()
    rows = []
    for unit in unit_list:
        cells = []
        for period in periods:
            submission = submissions.get((unit.pk, period.pk))
            cells.append(
                UnitPeriod(
                    period=period,
                    due=due[(unit.pk, period.half)],
                    entered=entered.get((unit.pk, period.pk), 0),
                    submission=submission,
                    late=_is_late(period, submission, today),
                )
            )
        rows.append((unit, cells))
    current = [cells[-1] for _unit, cells in rows if cells]
    totals = {
        "due": sum(1 for c in current if c.due),
        "submitted": sum(1 for c in current if c.status == SubmissionStatus.SUBMITTED),
        "approved": sum(1 for c in current if c.status == SubmissionStatus.APPROVED),
        "returned": sum(1 for c in current if c.status == SubmissionStatus.RETURNED),
        "late": sum(1 for c in current if c.late),
    }
    return render(
        request,
        "reports/units.html",
        _context(plan, sel, form, rows=rows, periods=periods, totals=totals, today=today),
    )


# --- Problems -----------------------------------------------------------------------------------


PROBLEM_KINDS = {
    "low": gettext_lazy("Low or very low realization"),
    "missing": gettext_lazy("Missing value"),
    "reason": gettext_lazy("Missing deviation reason"),
    "budget": gettext_lazy("Budget far from plan"),
}


@dataclass(frozen=True)
class Problem:
    kind: str
    aim: Aim
    target: Target
    indicator: Indicator | None
    status: Status | None
    figure: Decimal | None
    approved: bool | None
    detail: str

    @property
    def kind_label(self) -> str:
        return str(PROBLEM_KINDS[self.kind])


def budget_tolerance() -> Decimal:
    """Percentage points the spending may stray from the expected share of the year's plan."""
    return Decimal(str(django_settings.KARSPLAN.get("BUDGET_TOLERANCE", 50)))


def problems_of(results: Results) -> list[Problem]:
    """The problems of a period, in plan order.

    - low: an indicator's status is Düşük or Çok düşük;
    - missing: an indicator due with a planned value has no value (Veri yok);
    - reason: a Düşük or Çok düşük indicator whose period value has no deviation reason;
    - budget: the spending so far (Σ expenditure up to the half) is further than the
      tolerance (KARSPLAN["BUDGET_TOLERANCE"], default 50 points) from the expected share of
      the year's planned cost (half of it at H1, all of it at H2).
    """
    problems = []
    tolerance = budget_tolerance()
    for aim in results.aims:
        for target in aim.targets:
            for fig in target.indicators:
                kinds = []
                if fig.status in LOW_STATUSES:
                    kinds.append("low")
                    if fig.actual is None or not fig.actual.deviation_reason.strip():
                        kinds.append("reason")
                elif fig.status == Status.VERI_YOK:
                    kinds.append("missing")
                problems.extend(
                    Problem(
                        kind,
                        aim.aim,
                        target.target,
                        fig.indicator,
                        fig.status,
                        fig.realization,
                        fig.approved,
                        "",
                    )
                    for kind in kinds
                )
            budget = target.budget
            if budget.planned and budget.actual is not None:
                expected = budget.planned * results.half / 2
                against_expected = budget_realization(expected, budget.actual)
                if abs(against_expected - 100) > tolerance:
                    problems.append(
                        Problem(
                            "budget",
                            aim.aim,
                            target.target,
                            None,
                            target.band,
                            budget.realization,
                            None,
                            _("%(share)s of the expected spending so far")
                            % {"share": charts.percent(against_expected, 0)},
                        )
                    )
    return problems


@require_GET
@dashboard_required
def problems(request: HttpRequest, pk: int) -> HttpResponse:
    """Low statuses, missing values, missing deviation reasons, budget far from plan;
    filtered by year, period, unit, aim, status and kind; paginated."""
    plan = get_object_or_404(Plan, pk=pk)
    aims = [
        (a.pk, f"{a.code} {Truncator(a.title).chars(40)}")
        for a in Aim.objects.filter(plan=plan).order_by("order", "code")
    ]
    form = SelectionForm(
        request.GET,
        years=plan.years,
        units=_units_of(plan),
        aims=aims,
        kinds=[(k, str(v)) for k, v in PROBLEM_KINDS.items()],
        with_status=True,
    )
    sel = _selection(form, plan)
    results = plan_results(plan, sel.year, sel.half, sel.approved_only)
    unit_id, aim_id = form.value("unit"), form.value("aim")
    status, kind = form.value("status"), form.value("kind")
    found = [
        p
        for p in problems_of(results)
        if (unit_id is None or p.target.responsible_unit_id == unit_id)
        and (aim_id is None or p.aim.pk == aim_id)
        and (status is None or p.status == status)
        and (kind is None or p.kind == kind)
    ]
    page = Paginator(found, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    filters = {k: v for k, v in request.GET.items() if k != "page"}
    return render(
        request,
        "reports/problems.html",
        _context(plan, sel, form, page=page, total=len(found), filters=filters),
    )
