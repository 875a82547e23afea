"""Template filters of the dashboards: ``{{ value|pct }}`` → ``%62,50``."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django import template
from django.http import QueryDict

from indicators.statuses import STATUS_NAMES
from reports.charts import percent

register = template.Library()


@register.filter
def pct(value: Decimal | None, places: int = 2) -> str:
    """A percentage the Turkish way, the sign first: ``62.5`` → ``%62,50``; ``–`` for None."""
    return percent(value, int(places))


@register.filter
def status_name(status: str | None) -> str:
    """The user-facing name of a status key (``dusuk`` → "Düşük")."""
    if not status:
        return "–"
    return str(STATUS_NAMES.get(status, status))


@register.simple_tag
def with_params(params: QueryDict | dict, **changes: object) -> str:
    """The query string of `params` with `changes` applied (None or "" removes a key)."""
    merged = dict(params.items()) if params else {}
    for key, value in changes.items():
        if value in (None, ""):
            merged.pop(key, None)
        else:
            merged[key] = value
    return "?" + urlencode(merged) if merged else "?"
