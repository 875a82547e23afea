"""Helpers for the entry and review tests; their fixtures (period, unit, indicators, h1_window)
and the personas are in tests/conftest.py."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from goals.models import Unit
from indicators import selectors, services
from indicators.entry_rules import EntryRow
from indicators.models import Period
from tests.conftest import logged_in

__all__ = [
    "AFTER_H1_DEADLINE",
    "IN_H1_WINDOW",
    "IN_H2_WINDOW",
    "IST",
    "entry_url",
    "form_data",
    "logged_in",
    "submit",
]

IST = ZoneInfo("Europe/Istanbul")
IN_H1_WINDOW = dt.datetime(2025, 7, 5, 10, 0, tzinfo=IST)
"""A day inside 2025-H1's entry window (01.07.2025 – 15.07.2025)."""
AFTER_H1_DEADLINE = dt.datetime(2025, 7, 20, 10, 0, tzinfo=IST)
IN_H2_WINDOW = dt.datetime(2026, 1, 5, 10, 0, tzinfo=IST)


def form_data(unit: Unit, period: Period) -> dict[str, str]:
    """What the browser posts for an untouched entry page (every field as shown)."""
    from indicators.views import EntryForms

    forms = EntryForms(selectors.entry_data(unit, period))
    post: dict[str, str] = {}
    for form in forms.all():
        for name in form.fields:
            if name in ("files", "remove", "confirm"):
                continue
            value = form[name].value()
            post[form.add_prefix(name)] = "" if value is None else str(value)
    return post


def entry_url(unit: Unit, period: Period) -> str:
    from django.urls import reverse

    return reverse("indicators:entry", args=[unit.pk, period.pk])


def submit(user, unit, period, indicators, values=("40", "39", "15")):
    """Save `values` for `indicators` (H1.1's three by default) and submit them."""
    rows = [EntryRow(indicator_id=i.pk, value=v) for i, v in zip(indicators, values, strict=True)]
    return services.entries_save(
        user=user, unit=unit, period=period, submit=True, rows=rows
    ).submission
