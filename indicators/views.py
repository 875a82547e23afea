"""Indicator pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from indicators import selectors


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        indicator = selectors.indicator_detail(pk)
    except selectors.Indicator.DoesNotExist:
        raise Http404
    years = indicator.target.plan.years
    planned = {pv.year: pv.value for pv in indicator.planned_values.all()}
    return render(
        request,
        "indicators/detail.html",
        {
            "indicator": indicator,
            "target": indicator.target,
            "plan": indicator.target.plan,
            "planned": [(y, planned.get(y)) for y in years],
        },
    )
