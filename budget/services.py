"""Writes for costs: the actual expenditure of a target in a period.

The expenditure is entered on the period's entry page beside the indicators. That page
belongs to `indicators`, which must not import budget; so this module registers an
`ExpenditureStore` with `indicators.services.target_amount_store_register`, and the entry page
and `entries_save` load, check and write the amount through it, in the same transaction and
with the same version check as the indicators' values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budget.models import CostEstimate, Expenditure
from goals.models import Target
from indicators import selectors as indicator_selectors
from indicators import services as indicator_services
from indicators.models import Period

EXPENDITURE_FIELDS = (("amount", _("Actual expenditure (TL)")),)


class ExpenditureStore:
    """The actual expenditure (TL) of each target per period, on the entry page."""

    key = "expenditure"
    label = _("Actual expenditure (TL)")
    decimal_places = 2

    def load(
        self, *, target_ids: Sequence[int], period: Period
    ) -> dict[int, indicator_services.StoredAmount]:
        return {
            e.target_id: indicator_services.StoredAmount(
                amount=e.amount,
                version=e.version,
                updated_by=indicator_selectors.user_label(e.updated_by) if e.updated_by else "",
                updated_at=e.updated_at,
            )
            for e in Expenditure.objects.filter(
                period=period, target_id__in=list(target_ids)
            ).select_related("updated_by")
        }

    def write(
        self,
        *,
        user: Any,
        period: Period,
        rows: Sequence[tuple[int, Decimal | None, int | None]],
        now: dt.datetime,
        reason: str,
    ) -> list[int]:
        return expenditures_write(user=user, period=period, rows=rows, now=now, reason=reason)

    def history(
        self,
        *,
        target_ids: Sequence[int],
        period_ids: Sequence[int],
        subject: Callable[[int, int], str],
    ) -> list[indicator_selectors.HistoryItem]:
        records = (
            Expenditure.history.filter(
                target_id__in=list(target_ids), period_id__in=list(period_ids)
            )
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        return indicator_selectors.history_items(
            records,
            EXPENDITURE_FIELDS,
            lambda r: subject(r.target_id, r.period_id),
            {"amount": _money},
        )

    def demo_amount(self, *, target: Target, period: Period) -> Decimal | None:
        """Half of the year's cost estimate, ±30 % (deterministic), for the demo."""
        estimate = (
            CostEstimate.objects.filter(target=target, year=period.year)
            .values_list("amount", flat=True)
            .first()
        )
        if not estimate:
            return None
        import random

        rng = random.Random(f"{target.plan.name}|{target.code}|{period.year}|{period.half}")
        factor = Decimal(str(round(rng.uniform(0.7, 1.3), 3)))
        return (estimate / 2 * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _money(value: Decimal | None) -> str:
    from karsplan.lib.numbers import format_tr_auto

    return format_tr_auto(value)


def expenditures_write(
    *,
    user: Any,
    period: Period,
    rows: Sequence[tuple[int, Decimal | None, int | None]],
    now: dt.datetime,
    reason: str = "",
) -> list[int]:
    """Write (target pk, amount, version) rows for a period inside the caller's transaction.

    An amount of None deletes the row. A version that is not the row's (0: no row) makes
    the row stale: return the stale targets and write nothing (the caller rolls back).
    """
    current = {
        e.target_id: e
        for e in Expenditure.objects.filter(period=period, target_id__in=[r[0] for r in rows])
    }
    stale = [
        target_id
        for target_id, _amount, version in rows
        if version is not None
        and version != (current[target_id].version if target_id in current else 0)
    ]
    if stale:
        return stale
    changes = []
    for target_id, amount, version in rows:
        obj = current.get(target_id)
        if amount is None:
            if obj is not None:
                obj._history_user = user
                if reason:
                    obj._change_reason = reason
                obj.delete()
            continue
        changes.append(
            indicator_services.VersionedChange(
                obj=obj,
                version=version,
                values={"amount": amount},
                lookup={"target_id": target_id, "period_id": period.pk},
            )
        )
    stale_changes, _written = indicator_services.versioned_write(
        Expenditure, changes, user=user, now=now, reason=reason
    )
    return [c.lookup["target_id"] for c in stale_changes]


@transaction.atomic
def expenditure_record(
    *,
    user: Any,
    target: Target,
    period: Period,
    amount: Decimal | str | None,
    version: int | None = None,
    ignore_lock: bool = False,
) -> Expenditure | None:
    """Record a target's actual expenditure for a period through the entry's rules (unit
    access, lock, workflow, version; see `indicators.services.entries_save`).

    Returns the row, or None when the amount was cleared. Raises EntryRefused or EntryLocked.
    """
    result = indicator_services.entries_save(
        user=user,
        unit=target.responsible_unit,
        period=period,
        amounts={
            ExpenditureStore.key: [
                indicator_services.AmountRow(target_id=target.pk, amount=amount, version=version)
            ]
        },
        ignore_lock=ignore_lock,
        today=timezone.localdate(),
    )
    if not result.saved:
        raise indicator_services.EntryRefused(result)
    return Expenditure.objects.filter(target=target, period=period).first()


indicator_services.target_amount_store_register(ExpenditureStore())
