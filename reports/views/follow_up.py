"""The follow-up dashboards: each unit's entry and review progress, and the problems of a
period. The counting and the rules live in `reports.unit_progress` and `reports.problems`."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.http import require_GET

from goals.models import Aim, Plan
from goals.permissions import dashboard_required
from reports.forms import SelectionForm
from reports.problems import PROBLEM_KINDS, problems_of
from reports.results import plan_results
from reports.unit_progress import unit_progress
from reports.views.base import _context, _selection, _units_of

__all__ = ["PROBLEMS_PER_PAGE", "problems", "units"]

PROBLEMS_PER_PAGE = 25


@require_GET
@dashboard_required
def units(request: HttpRequest, pk: int) -> HttpResponse:
    """Per unit and period: indicators due, values entered, submitted, approved, returned,
    late."""
    plan = get_object_or_404(Plan, pk=pk)
    form = SelectionForm(request.GET, years=plan.years)
    sel = _selection(form, plan)
    today = timezone.localdate()
    progress = unit_progress(plan, sel.year, sel.half, today)
    return render(
        request,
        "reports/units.html",
        _context(
            plan,
            sel,
            form,
            rows=progress.rows,
            periods=progress.periods,
            totals=progress.totals,
            today=today,
        ),
    )


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
