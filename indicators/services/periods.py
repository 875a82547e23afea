"""Periods and their entry windows: create, open, close, extend, reopen for one unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from goals import permissions
from goals.models import Plan, Unit
from indicators.models import (
    Half,
    LockException,
    Period,
    PeriodState,
)
from indicators.signals import lock_exception_granted


def period_default_window(year: int, half: int) -> tuple[dt.date, dt.date]:
    """Entry opens the day after the period ends; the deadline is N days after the end."""
    end = dt.date(year, 6, 30) if half == Half.H1 else dt.date(year, 12, 31)
    days = settings.KARSPLAN["ENTRY_DEADLINE_DAYS"]
    return end + dt.timedelta(days=1), end + dt.timedelta(days=days)


@transaction.atomic
def periods_ensure(*, plan: Plan) -> int:
    """Create the plan's periods (start_year-H1 … end_year-H2) that do not exist yet.

    Existing periods keep their windows and states. Returns how many were created.
    """
    existing = set(Period.objects.filter(plan=plan).values_list("year", "half"))
    created = 0
    for year in plan.years:
        for half in (Half.H1, Half.H2):
            if (year, half) in existing:
                continue
            opens_on, deadline = period_default_window(year, half)
            Period.objects.create(
                plan=plan, year=year, half=half, opens_on=opens_on, deadline=deadline
            )
            created += 1
    return created


def _require_strategy(user: Any) -> None:
    if not permissions.is_strategy(user):
        raise PermissionDenied


def _save_with_history(obj: models.Model, user: Any, reason: str = "") -> None:
    obj._history_user = user
    if reason:
        obj._change_reason = reason
    obj.full_clean()
    obj.save()


@transaction.atomic
def period_open(*, user: Any, period: Period) -> Period:
    """Open the period for every unit, whatever the calendar, until it is closed."""
    _require_strategy(user)
    period.state = PeriodState.OPEN
    _save_with_history(period, user)
    return period


@transaction.atomic
def period_close(*, user: Any, period: Period) -> Period:
    """Close the period for every unit (lock exceptions still open it for one unit)."""
    _require_strategy(user)
    period.state = PeriodState.CLOSED
    _save_with_history(period, user)
    return period


@transaction.atomic
def period_calendar(*, user: Any, period: Period) -> Period:
    """Undo "open" or "close": the calendar decides again (state "auto"), with the period's
    own window and deadline."""
    _require_strategy(user)
    period.state = PeriodState.AUTO
    _save_with_history(period, user)
    return period


@transaction.atomic
def period_extend(*, user: Any, period: Period, deadline: dt.date) -> Period:
    """Move the deadline later; the calendar decides again (state "auto")."""
    _require_strategy(user)
    if deadline <= period.deadline:
        raise ValidationError(
            {
                "deadline": _("The new deadline must be later than the current one (%(date)s).")
                % {"date": date_format(period.deadline, "SHORT_DATE_FORMAT")}
            }
        )
    period.deadline = deadline
    period.state = PeriodState.AUTO
    _save_with_history(period, user)
    return period


@transaction.atomic
def lock_exception_create(
    *,
    user: Any,
    period: Period,
    unit: Unit,
    reason: str,
    until: dt.date,
    today: dt.date | None = None,
) -> LockException:
    """Reopen a locked period for one unit until `until` (inclusive), with a reason."""
    _require_strategy(user)
    today = today or timezone.localdate()
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("Write the reason for reopening the period.")
    if until < today:
        errors["until"] = _("The end date cannot be in the past.")
    if not Unit.objects.responsible_in(period.plan_id).filter(pk=unit.pk).exists():
        errors["unit"] = _("This unit is not responsible for any target of the plan.")
    # The period's row is locked so that two simultaneous requests cannot both pass this check.
    Period.objects.select_for_update().filter(pk=period.pk).first()
    active = (
        LockException.objects.filter(period=period, unit=unit, until__gte=today)
        .order_by("-until")
        .first()
    )
    if active is not None:
        errors["unit"] = _(
            "%(unit)s already has a lock exception for %(period)s until %(date)s; it needs no "
            "second one."
        ) % {
            "unit": unit,
            "period": period.label,
            "date": date_format(active.until, "SHORT_DATE_FORMAT"),
        }
    if errors:
        raise ValidationError(errors)
    exception = LockException(
        period=period, unit=unit, reason=reason.strip(), until=until, created_by=user
    )
    _save_with_history(exception, user)
    lock_exception_granted.send(LockException, exception=exception, user=user)
    return exception
