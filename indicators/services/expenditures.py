"""The targets' actual expenditures on the entry page: check and write them, in the entry's
transaction and with the same version check as the indicators' values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from indicators import selectors
from indicators.entry_rules import (
    Problem,
    parse_amount,
)
from indicators.models import (
    EXPENDITURE_FIELDS,
    Expenditure,
    Period,
)
from indicators.services.errors import (
    Conflict,
    EntryResult,
    _conflict_text,
    _target_message,
    _when,
)
from indicators.services.versioning import VersionedChange, versioned_write
from karsplan.lib.numbers import format_tr_auto

EXPENDITURE_DECIMAL_PLACES = 2


StoredAmount = selectors.StoredAmount
EXPENDITURE = selectors.EXPENDITURE


@dataclass(frozen=True)
class AmountRow:
    """One target's amount for the period; `amount` None or "" clears it; `version` as in
    `EntryRow`."""

    target_id: int
    amount: Decimal | str | int | None
    version: int | None = None


def _check_amounts(
    data: selectors.EntryData, amounts: Mapping[str, Sequence[AmountRow]], result: EntryResult
) -> dict[str, list[tuple[int, Decimal | None, int | None]]]:
    targets = {t.pk: t for t in data.targets}
    label = EXPENDITURE_FIELDS[0][1]
    changes: dict[str, list[tuple[int, Decimal | None, int | None]]] = {}
    for key, rows in amounts.items():
        if key != EXPENDITURE:
            raise ValueError(f"no per-target amount {key!r}")
        stored = data.amounts.get(key, {})
        for row in rows:
            target = targets.get(row.target_id)
            if target is None:
                result.errors.append(
                    Problem(
                        "target",
                        row.target_id,
                        key,
                        "unknown",
                        _("Target #%(pk)s is not one of the unit's targets.")
                        % {"pk": row.target_id},
                    )
                )
                continue
            try:
                amount = parse_amount(row.amount, EXPENDITURE_DECIMAL_PLACES)
            except ValueError as exc:
                result.errors.append(
                    Problem(
                        "target",
                        target.pk,
                        key,
                        "invalid",
                        _target_message(target, label, str(exc)),
                    )
                )
                continue
            current = stored.get(target.pk)
            if (current.amount if current else None) == amount:
                continue
            changes.setdefault(key, []).append((target.pk, amount, row.version))
    return changes


def _write_amounts(
    data: selectors.EntryData,
    changes: dict[str, list[tuple[int, Decimal | None, int | None]]],
    user: Any,
    now: dt.datetime,
    reason: str,
    result: EntryResult,
) -> None:
    targets = {t.pk: t for t in data.targets}
    label = EXPENDITURE_FIELDS[0][1]
    for key, rows in changes.items():
        stale = _write_expenditures(
            user=user, period=data.period, rows=rows, now=now, reason=reason
        )
        if stale:
            current = selectors.expenditures_load(target_ids=stale, period=data.period)
            for target_id in stale:
                saved = current.get(target_id)
                text = _(
                    "%(when)s changed this amount after you opened the page (saved: %(value)s). "
                ) % {
                    "when": _when(saved.updated_by, saved.updated_at) if saved else _("someone"),
                    "value": format_tr_auto(saved.amount if saved else None),
                }
                result.conflicts.append(
                    Conflict(
                        "target",
                        target_id,
                        key,
                        "conflict",
                        _target_message(targets[target_id], label, text + _conflict_text()),
                        version=saved.version if saved else 0,
                        current={"amount": saved.amount if saved else None},
                    )
                )
        else:
            result.written += len(rows)


def _write_expenditures(
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
            VersionedChange(
                obj=obj,
                version=version,
                values={"amount": amount},
                lookup={"target_id": target_id, "period_id": period.pk},
            )
        )
    stale_changes, _written = versioned_write(
        Expenditure, changes, user=user, now=now, reason=reason
    )
    return [c.lookup["target_id"] for c in stale_changes]
