"""What the dry run reads of a plan (`load_plan_data`, a fixed number of queries), what the
entry rules know of an indicator (`indicator_facts`) and the entry form's lock rules
(`lock_errors`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from goals.models import Plan, Target
from indicators import entry_rules, selectors, services
from indicators.entry_rules import IndicatorFacts
from indicators.models import (
    Actual,
    Indicator,
    LockException,
    Period,
    PlannedValue,
    Submission,
)
from indicators.spreadsheets.columns import COL_PERIOD, fold, loose_code
from indicators.spreadsheets.issues import Issue


@dataclass
class PlanData:
    """What the dry run needs of a plan, loaded in a fixed number of queries."""

    targets: dict[str, Target]
    loose_targets: dict[str, Target | None]
    """Targets by `loose_code` ("H 1.1", "h1,1", "Hedef 1.1", "1.1"); None if two share one."""
    indicators: dict[tuple[int, int], Indicator]
    periods: dict[tuple[int, int], Period]
    actuals: dict[tuple[int, int], Actual]
    planned: dict[tuple[int, int], Decimal]
    submissions: dict[tuple[int, int], Submission]
    exceptions: dict[tuple[int, int], list[LockException]]


PREVIEW_QUERIES = 7
"""Queries run by `import_preview` to load the plan, whatever the size of the file."""


def load_plan_data(plan: Plan) -> PlanData:
    targets = list(Target.objects.filter(plan=plan).select_related("responsible_unit"))  # 1
    target_by_pk = {t.pk: t for t in targets}
    indicators = {}
    for ind in Indicator.objects.filter(target__plan=plan):  # 2
        ind.target = target_by_pk[ind.target_id]
        indicators[(ind.target_id, ind.order)] = ind
    periods = {(p.year, p.half): p for p in Period.objects.filter(plan=plan)}  # 3
    actuals = {
        (a.indicator_id, a.period_id): a
        for a in Actual.objects.filter(period__plan=plan)  # 4
    }
    planned = {
        (i, y): v
        for i, y, v in PlannedValue.objects.filter(indicator__target__plan=plan).values_list(  # 5
            "indicator_id", "year", "value"
        )
    }
    submissions = {
        (s.unit_id, s.period_id): s
        for s in Submission.objects.filter(period__plan=plan)  # 6
    }
    exceptions: dict[tuple[int, int], list[LockException]] = defaultdict(list)
    for e in LockException.objects.filter(period__plan=plan):  # 7
        exceptions[(e.unit_id, e.period_id)].append(e)
    loose: dict[str, Target | None] = {}
    for t in targets:
        key = loose_code(t.code)
        loose[key] = None if key in loose else t
    return PlanData(
        targets={fold(t.code): t for t in targets},
        loose_targets=loose,
        indicators=indicators,
        periods=periods,
        actuals=actuals,
        planned=planned,
        submissions=submissions,
        exceptions=exceptions,
    )


def indicator_facts(data: PlanData, indicator: Indicator, period: Period) -> IndicatorFacts:
    """What the entry rules know about an indicator for a period, from the loaded plan
    (`entry_rules.indicator_facts`, the builder the entry form uses)."""
    earlier = [
        (p, a.value)
        for (year, half), p in sorted(data.periods.items())
        if (year, half) < (period.year, period.half)
        and (a := data.actuals.get((indicator.pk, p.pk))) is not None
        and a.value is not None
    ]
    return entry_rules.indicator_facts(
        indicator,
        period,
        planned=data.planned.get((indicator.pk, period.year)),
        earlier=earlier,
        actual=data.actuals.get((indicator.pk, period.pk)),
    )


def lock_errors(
    data: PlanData, period: Period, unit_id: int, number: int, today: dt.date, strategy: bool
) -> list[Issue]:
    """The entry form's lock rules (`services.entry_lock_check`): the period's window, a lock
    exception, the submission's status; the strategy office may ignore the window only."""
    state = selectors.entry_state(
        period=period,
        submission=data.submissions.get((unit_id, period.pk)),
        exceptions=data.exceptions.get((unit_id, period.pk), []),
        today=today,
    )
    try:
        services.entry_lock_check(state, ignore_lock=strategy)
    except services.EntryLocked as exc:
        return [
            Issue(
                _("%(period)s: %(message)s") % {"period": period.label, "message": exc.message},
                row=number,
                column=COL_PERIOD,
            )
        ]
    return []
