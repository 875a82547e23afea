"""Plan pages: the printed plan with its indicators and costs, readable by every logged-in
user (DESIGN.md §7). URLs in ``reports.plan_urls`` (namespace ``goals``)."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from goals import selectors, weights
from goals.models import Aim, Plan, Target, Unit
from reports import plan_selectors
from reports.views.base import plan_fragment


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    plans = list(selectors.plan_list())
    if len(plans) == 1:
        return redirect(plans[0])
    return render(request, "reports/plan/plan_list.html", {"plans": plans})


@require_GET
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The printed plan. Its body depends on the plan's data alone: rendered once per data
    version (`reports.views.base.plan_fragment`), not once per request."""
    plan = get_object_or_404(Plan, pk=pk)
    body = plan_fragment(plan, "plan", None, lambda: _plan_body(pk))
    return render(request, "reports/plan/plan.html", {"plan": plan, "body": mark_safe(body)})  # noqa: S308 - rendered by Django's templates


def _plan_body(pk: int) -> str:
    plan = plan_selectors.plan_detail(pk)
    aims = list(plan.aims.all())
    targets = [t for aim in aims for t in aim.targets.all()]
    costs, totals = plan_selectors.yearly_costs(targets, plan.years)
    return render_to_string(
        "reports/plan/_plan_body.html",
        {
            "plan": plan,
            "aims": aims,
            "costs": costs,
            "cost_totals": totals,
            "target_count": len(targets),
        },
    )


@require_GET
def aim(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        aim = plan_selectors.aim_detail(pk)
    except Aim.DoesNotExist:
        raise Http404
    targets = list(aim.targets.all())
    costs, totals = plan_selectors.yearly_costs(targets, aim.plan.years)
    return render(
        request,
        "reports/plan/aim.html",
        {"aim": aim, "plan": aim.plan, "targets": targets, "costs": costs, "cost_totals": totals},
    )


@require_GET
def target(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        target = plan_selectors.target_detail(pk)
    except Target.DoesNotExist:
        raise Http404
    years = target.plan.years
    indicators = list(target.indicators.all())
    rows = []
    for indicator in indicators:
        planned = {pv.year: pv.value for pv in indicator.planned_values.all()}
        rows.append({"indicator": indicator, "planned": [planned.get(y) for y in years]})
    card_weights = [(i.card, i.weight) for i in indicators]
    cards = sorted({i.card for i in indicators})
    costs = {c.year: c.amount for c in target.cost_estimates.all()}
    return render(
        request,
        "reports/plan/target.html",
        {
            "target": target,
            "plan": target.plan,
            "years": years,
            "rows": rows,
            "weight_sum": weights.weight_total(card_weights),
            "weight_ok": weights.weights_ok(card_weights),
            "cards": cards,
            "costs": [costs.get(y) for y in years],
            "cost_sum": sum(costs.values(), Decimal(0)) if costs else None,
        },
    )


@require_GET
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk)
    responsible, cooperating = selectors.unit_targets(unit)
    return render(
        request,
        "reports/plan/unit.html",
        {"unit": unit, "responsible": list(responsible), "cooperating": list(cooperating)},
    )


@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    units = selectors.units_with_target_counts()
    return render(request, "reports/plan/unit_list.html", {"units": units})
