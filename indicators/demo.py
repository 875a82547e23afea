"""Demo data for `make run` (`load_demo`): never used in production."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from goals import permissions
from goals.models import Plan, Target, Unit
from indicators import selectors
from indicators.entry_rules import (
    EntryRow,
    IndicatorFacts,
    needs_deviation_reason,
    plan_reference,
)
from indicators.models import (
    Period,
    PeriodState,
    Submission,
    SubmissionStatus,
)
from indicators.services.entries import _entries_write
from indicators.services.errors import EntryRefused
from indicators.services.expenditures import EXPENDITURE, AmountRow
from indicators.services.periods import _save_with_history, periods_ensure
from indicators.services.workflow import submission_approve, submission_return

DEMO_TEXT = "Demo verisi"


def _demo_value(facts: IndicatorFacts, half: int, rng: random.Random) -> Decimal:
    """A plausible value: the plan's value for the period ±20 %, rounded as the unit reads."""
    ref = plan_reference(facts)
    if ref is None:
        ref = facts.baseline if facts.baseline and facts.baseline > 0 else Decimal(10)
    if facts.measure != "flow" and facts.baseline is not None and facts.planned and half == 1:
        # A level half-way through the year: between the baseline and the plan.
        ref = facts.baseline + (facts.planned - facts.baseline) * Decimal("0.8")
    value = ref * Decimal(str(round(rng.uniform(0.8, 1.2), 3)))
    if facts.is_percent:
        value = min(value, Decimal(100))
    places = Decimal(1) if facts.unit_of_measure.lower().startswith("adet") else Decimal("0.1")
    return max(value, Decimal(0)).quantize(places, rounding=ROUND_HALF_UP)


def demo_periods(plan: Plan, today: dt.date) -> tuple[list[Period], Period | None]:
    """The demo's calendar on `today`: (the periods to fill as done, the period left open).

    The open one is the most recent period that has ended by `today`; every period that ended
    before it is filled. Before the plan's first period has ended: ([], None).
    """
    ended = [
        p for p in Period.objects.filter(plan=plan).order_by("year", "half") if p.ends_on < today
    ]
    if not ended:
        return [], None
    return ended[:-1], ended[-1]


def demo_fill(
    plan: Plan,
    *,
    today: dt.date | None = None,
    user: Any = None,
    expenditure: Callable[[Target, Period], Decimal | None] | None = None,
) -> dict[str, int]:
    """Fill the plan's periods as the calendar of `today` has them (for `make run`; never in
    production).

    Every period that ended before the most recent ended one is filled and submitted: in the
    latest of them most units are approved, every fifth is returned and the next one awaits
    review (older ones are all approved). The most recent ended period is left open for entry
    with a deadline in the future: every fourth unit has submitted, the others keep a draft.

    Every indicator due in a filled period gets a value made from its planned value ±20 % (a
    random generator seeded per indicator and period, so runs agree), the explanation "Demo
    verisi" (and a deviation reason when the value is low); every target gets a review and,
    given `expenditure` (target, period → amount or None), an actual expenditure.

    Idempotent: a (unit, period) that already has a submission is left as it is, except a
    draft in a period to fill as done (left open by an earlier run, months ago), which is
    completed and submitted; such a period, opened by that run, follows the calendar again.
    Returns counts of what was written.
    """
    today = today or timezone.localdate()
    periods_ensure(plan=plan)
    if user is None:
        from django.contrib.auth import get_user_model

        user = (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(groups__name=permissions.STRATEGY_GROUP))
            .order_by("-is_superuser", "pk")
            .first()
        )
    counts = {"actuals": 0, "submissions": 0}
    done, open_period = demo_periods(plan, today)
    if open_period is None:
        return counts
    # Code-point order, not the Turkish display order: which unit is returned or approved
    # stays as the demo (and tests/golden) has always had it.
    units = sorted(Unit.objects.responsible_in(plan), key=lambda unit: unit.name)
    for period in [*done, open_period]:
        if period == open_period:
            mode = "open"
        elif period == done[-1]:
            mode = "review"
        else:
            mode = "approved"
        _demo_fill_period(plan, period, units, mode, user, expenditure, today, counts)
        if mode == "open":
            _demo_keep_open(period, user, today)
        else:
            _demo_backdate_submissions(period)
            if period.state == PeriodState.OPEN:  # opened by an earlier demo run
                period.state = PeriodState.AUTO
                _save_with_history(period, user, DEMO_TEXT)
    return counts


def _demo_keep_open(period: Period, user: Any, today: dt.date) -> None:
    """Leave `period` open for entry by the calendar, with a deadline two weeks ahead."""
    deadline = max(period.deadline, today + dt.timedelta(days=14))
    if period.deadline != deadline or period.state != PeriodState.AUTO:
        period.deadline = deadline
        period.state = PeriodState.AUTO
        _save_with_history(period, user, DEMO_TEXT)


def _demo_fill_period(
    plan: Plan,
    period: Period,
    units: list[Unit],
    mode: str,
    user: Any,
    expenditure: Callable[[Target, Period], Decimal | None] | None,
    today: dt.date,
    counts: dict[str, int],
) -> None:
    """Write one period's demo values; `mode` is "approved", "review" or "open"."""
    year, half = period.year, period.half
    # A draft left in a period that has since ended (an earlier demo run) is completed too.
    submissions = Submission.objects.filter(period=period)
    if mode != "open":
        submissions = submissions.exclude(status=SubmissionStatus.DRAFT)
    existing = set(submissions.values_list("unit_id", flat=True))
    for k, unit in enumerate(units):
        if unit.pk in existing:
            continue
        data = selectors.entry_data(unit, period)
        rows = []
        for ind in data.due_indicators():
            facts = data.facts[ind.pk]
            if facts.stored is not None and facts.stored.value is not None:
                continue
            rng = random.Random(f"{plan.name}|{year}|{half}|{ind.target.code}|{ind.order}")
            value = _demo_value(facts, half, rng)
            low = needs_deviation_reason(facts, value, year, half, selectors.computation_settings())
            rows.append(
                EntryRow(
                    indicator_id=ind.pk,
                    value=value,
                    explanation=DEMO_TEXT,
                    deviation_reason=(
                        f"{DEMO_TEXT}: planlanan çalışmaların bir kısmı sonraki döneme kaldı."
                        if low is not None
                        else ""
                    ),
                )
            )
        reviews = [
            {
                "target_id": t.pk,
                "activities_done": f"{DEMO_TEXT}: dönem faaliyetleri plana uygun yürütüldü.",
                "corrective_actions": f"{DEMO_TEXT}: izleme toplantıları sürdürülecek.",
                **(
                    {
                        "relevance": f"{DEMO_TEXT}: hedef ihtiyaçlarla ilgilidir.",
                        "effectiveness": f"{DEMO_TEXT}: çıktılar hedefe katkı sağladı.",
                        "efficiency": f"{DEMO_TEXT}: kaynaklar yerinde kullanıldı.",
                        "sustainability": f"{DEMO_TEXT}: faaliyetler sürdürülebilir.",
                    }
                    if half == 2
                    else {}
                ),
            }
            for t in data.targets
        ]
        amounts = {}
        if expenditure is not None:
            amounts[EXPENDITURE] = [
                AmountRow(target_id=t.pk, amount=amount)
                for t in data.targets
                if (amount := expenditure(t, period)) is not None
            ]
        result = _entries_write(
            user=user,
            unit=unit,
            period=period,
            rows=rows,
            reviews=reviews,
            amounts=amounts,
            confirm_warnings=True,
            submit=mode != "open" or k % 4 == 0,
            ignore_lock=True,
            today=today,
            reason=DEMO_TEXT,
        )
        if not result.saved:  # pragma: no cover - demo values always pass the rules
            raise EntryRefused(result)
        counts["actuals"] += len(rows)
        counts["submissions"] += 1
        if mode == "open" or user is None:
            continue
        submission = result.submission
        if mode == "review" and k % 5 == 3:
            submission_return(
                user=user,
                submission=submission,
                reason=f"{DEMO_TEXT}: açıklamaları kanıtlarla destekleyin.",
            )
        elif mode == "approved" or k % 5 != 4:
            submission_approve(user=user, submission=submission)


def _demo_backdate_submissions(period: Period) -> None:
    """Date the demo's submissions two days before the deadline, as a punctual unit would.

    The demo is written long after 2025's deadlines; without this every demo unit would be
    listed as late. Only the submission time and its "submitted" history rows move.
    """
    when = timezone.make_aware(
        dt.datetime.combine(period.deadline - dt.timedelta(days=2), dt.time(10, 0))
    )
    submitted = Submission.objects.filter(period=period, submitted_at__isnull=False)
    ids = list(submitted.values_list("pk", flat=True))
    submitted.update(submitted_at=when)
    Submission.history.filter(id__in=ids, status=SubmissionStatus.SUBMITTED).update(
        history_date=when, submitted_at=when
    )
