"""The indicator page."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from goals import permissions
from indicators import selectors
from indicators.views.common import HISTORY_PAGE_SIZE


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The indicator as planned, and for those who may read its entries (the strategy office,
    council members, the responsible unit's staff) its values per period and their history."""
    try:
        indicator = selectors.indicator_detail(pk)
    except selectors.Indicator.DoesNotExist:
        raise Http404
    target = indicator.target
    years = target.plan.years
    planned = {pv.year: pv.value for pv in indicator.planned_values.all()}
    user = request.user
    may_read = permissions.can_read_dashboards(user) or permissions.can_access_unit(
        user, target.responsible_unit_id
    )
    context: dict[str, Any] = {
        "indicator": indicator,
        "target": target,
        "plan": target.plan,
        "planned": [(y, planned.get(y)) for y in years],
        "may_read_values": may_read,
    }
    if may_read:
        periods, year_rows = selectors.indicator_years(indicator)
        history = selectors.history_for_indicator(indicator, periods)
        page = Paginator(history, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(year_rows=year_rows, history=page, periods=periods)
    return render(request, "indicators/detail.html", context)
