"""The indicator and the period a row of the file is about: `Hedef` (a target code as people
type it), `Sıra` (an indicator's order) and `Dönem` (a period written like 2025-H1)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from indicators.entry_rules import order_number
from indicators.models import Indicator, Period
from indicators.spreadsheets.cells import cell_text, is_blank
from indicators.spreadsheets.columns import (
    COL_ORDER,
    COL_PERIOD,
    COL_TARGET,
    fold,
    loose_code,
    period_label,
    period_parse,
)
from indicators.spreadsheets.issues import Issue
from indicators.spreadsheets.preview_data import PlanData
from indicators.spreadsheets.preview_values import cell_problem


def row_keys(
    data: PlanData, number: int, values: dict[str, Any], errors: list[Issue]
) -> tuple[Indicator, Period] | None:
    """The indicator and period a row is about, or None with the errors added."""
    found_errors: list[Issue] = []
    raw_target = values.get(COL_TARGET)
    raw_order = values.get(COL_ORDER)
    raw_period = values.get(COL_PERIOD)
    if is_blank(raw_order) and is_blank(raw_period):
        errors.append(
            Issue(
                _(
                    "The row has no Sıra and no Dönem: each row must name a target (Hedef), an "
                    "indicator (Sıra) and a period (Dönem). Delete rows of notes or totals."
                ),
                row=number,
            )
        )
        return None
    for column, raw in ((COL_TARGET, raw_target), (COL_ORDER, raw_order), (COL_PERIOD, raw_period)):
        problem = cell_problem(raw, column)
        if problem is not None:
            found_errors.append(Issue(problem, row=number, column=column))
    if found_errors:
        errors.extend(found_errors)
        return None
    target = None
    text_target = cell_text(raw_target)
    if text_target is None:
        found_errors.append(Issue(_("The target is empty."), row=number, column=COL_TARGET))
    else:
        target = data.targets.get(fold(text_target))
        if target is None:
            key = loose_code(text_target)
            target = data.loose_targets.get(key)
            if isinstance(raw_target, int | float | Decimal) and (
                target is None or data.loose_targets.get(key + "0") is not None
            ):
                target = None  # 1.1 or 1.10? a number cell drops the trailing zero
        if target is None:
            found_errors.append(
                Issue(
                    _('There is no target "%(code)s" in the plan.') % {"code": text_target},
                    row=number,
                    column=COL_TARGET,
                )
            )
    order = None if is_blank(raw_order) else order_number(raw_order)
    if is_blank(raw_order):
        found_errors.append(Issue(_("The order is empty."), row=number, column=COL_ORDER))
    elif order is None:
        found_errors.append(
            Issue(
                _('"%(text)s" is not an indicator order (a whole number such as 1, 2, 3).')
                % {"text": cell_text(raw_order)},
                row=number,
                column=COL_ORDER,
            )
        )
    indicator = None
    if target is not None and order is not None:
        indicator = data.indicators.get((target.pk, order))
        if indicator is None:
            found_errors.append(
                Issue(
                    _("Target %(target)s has no indicator with order %(order)s.")
                    % {"target": target.code, "order": order},
                    row=number,
                    column=COL_ORDER,
                )
            )
    period = None
    text_period = cell_text(raw_period)
    if text_period is None:
        found_errors.append(Issue(_("The period is empty."), row=number, column=COL_PERIOD))
    else:
        key = period_parse(text_period)
        if key is None:
            found_errors.append(
                Issue(
                    _('"%(text)s" is not a period: write it like 2025-H1 or 2025-H2.')
                    % {"text": text_period},
                    row=number,
                    column=COL_PERIOD,
                )
            )
        else:
            period = data.periods.get(key)
            if period is None:
                found_errors.append(
                    Issue(
                        _(
                            "The period %(period)s is not a period of the plan (%(first)s … "
                            "%(last)s)."
                        )
                        % {
                            "period": period_label(*key),
                            "first": period_label(min(data.periods)[0], 1) if data.periods else "–",
                            "last": period_label(max(data.periods)[0], 2) if data.periods else "–",
                        },
                        row=number,
                        column=COL_PERIOD,
                    )
                )
    errors.extend(found_errors)
    if found_errors or indicator is None or period is None:
        return None
    return indicator, period
