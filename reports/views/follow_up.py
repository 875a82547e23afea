"""The follow-up dashboards: each unit's entry and review progress, and the problems of a
period. The counting and the rules live in `reports.unit_progress` and `reports.problems`."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.http import require_GET

from goals.models import Aim, Plan, Target
from goals.permissions import dashboard_unit_scope, unit_dashboard_required
from reports.forms import SelectionForm
from reports.problems import PROBLEM_KINDS, declarations_of, problems_of
from reports.results import plan_results_series
from reports.results.cache import derived
from reports.unit_progress import unit_progress
from reports.views.base import _context, _filter_form, _in_scope, _selection, _units_in

__all__ = ["PROBLEMS_PER_PAGE", "problems", "units"]

PROBLEMS_PER_PAGE = 25


@require_GET
@unit_dashboard_required
def units(request: HttpRequest, pk: int) -> HttpResponse:
    """Per unit and period: indicators due, values entered, submitted, approved, returned,
    late."""
    plan = get_object_or_404(Plan, pk=pk)
    form = SelectionForm(request.GET, years=plan.years)
    sel = _selection(form, plan)
    today = timezone.localdate()
    scope = dashboard_unit_scope(request.user)
    progress = unit_progress(plan, sel.year, sel.half, today, scope)
    return render(
        request,
        "reports/units.html",
        _context(
            plan,
            sel,
            form,
            rows=progress.rows,
            scoped=scope is not None,
            periods=progress.periods,
            totals=progress.totals,
            today=today,
        ),
    )


@require_GET
@unit_dashboard_required
def problems(request: HttpRequest, pk: int) -> HttpResponse:
    """Low statuses, missing values, "veri yok" declarations with their reasons, missing
    deviation reasons, budget far from plan; filtered by year, period, unit, aim, status and
    kind; paginated. The aims and units of the filter come from the loaded results."""
    plan = get_object_or_404(Plan, pk=pk)
    scope = dashboard_unit_scope(request.user)
    probe = SelectionForm(request.GET, years=plan.years)
    sel = _selection(probe, plan)
    series = plan_results_series(plan, sel.year, sel.half, sel.approved_only)
    results = series[-1]
    form = _filter_form(
        request,
        plan,
        probe,
        units=_units_in(results, scope),
        aims=[(a.aim.pk, f"{a.aim.code} {Truncator(a.aim.title).chars(40)}") for a in results.aims],
        kinds=[(k, str(v)) for k, v in PROBLEM_KINDS.items()],
        with_status=True,
    )
    unit_id, aim_id = form.value("unit"), form.value("aim")
    status, kind = form.value("status"), form.value("kind")

    def shown(target: Target, aim: Aim) -> bool:
        return (
            _in_scope(scope, target)
            and (unit_id is None or target.responsible_unit_id == unit_id)
            and (aim_id is None or aim.pk == aim_id)
        )

    found = [
        p
        for p in derived(results, "problems", lambda: problems_of(results))
        if shown(p.target, p.aim)
        and (status is None or p.status == status)
        and (kind is None or p.kind == kind)
    ]
    declarations = [d for d in declarations_of(series, sel.year) if shown(d.target, d.aim)]
    page = Paginator(found, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    filters = {k: v for k, v in request.GET.items() if k != "page"}
    return render(
        request,
        "reports/problems.html",
        _context(
            plan,
            sel,
            form,
            page=page,
            total=len(found),
            filters=filters,
            declarations=declarations,
            scoped=scope is not None,
        ),
    )
