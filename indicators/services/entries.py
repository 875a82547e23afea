"""The one write path of a unit's entries for a period (`entries_save`) and its small doors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from goals import permissions
from goals.models import Target, Unit
from indicators import selectors
from indicators.entry_rules import (
    KEEP,
    EntryRow,
    Problem,
    indicator_message,
    validate_entry_rows,
)
from indicators.models import (
    REVIEW_TEXT_FIELDS,
    Actual,
    Evidence,
    Expenditure,
    Indicator,
    Period,
    Submission,
    SubmissionStatus,
    TargetReview,
)
from indicators.services.errors import (
    Conflict,
    EntryLocked,
    EntryRefused,
    EntryResult,
    _conflict_text,
    _NothingChanged,
    _Rollback,
    _target_message,
    _when,
)
from indicators.services.evidence import (
    _evidence_create,
    _evidence_mark_removed,
    _evidence_remove_files,
    _evidence_store_files,
    evidence_check,
)
from indicators.services.expenditures import EXPENDITURE, AmountRow, _check_amounts, _write_amounts
from indicators.services.periods import _save_with_history
from indicators.services.versioning import VersionedChange, versioned_write
from indicators.signals import submission_submitted
from karsplan.lib.numbers import format_tr_auto

REVIEW_TEXT_NAMES = tuple(name for name, _label in REVIEW_TEXT_FIELDS)


def entry_lock_check(state: selectors.EntryState, *, ignore_lock: bool = False) -> None:
    """Refuse a change when the unit may not edit (`selectors.entry_state`).

    `ignore_lock` (the strategy office only) lifts a lock of the calendar (not yet open,
    closed, deadline passed), for back-filling; a submitted or approved submission stays
    frozen: return or reopen it first.
    """
    if state.editable or (ignore_lock and state.window_lock):
        return
    raise EntryLocked(state.message, state.code)


def _lock_submission(*, unit: Unit, period: Period, user: Any, now: dt.datetime) -> None:
    """Take the (unit, period) submission row as the save's lock, creating it (draft) if needed.

    The first statement is a write, so that concurrent saves of the same unit and period run
    one after the other: PostgreSQL locks the row; SQLite takes its write lock at once.
    """
    if Submission.objects.filter(unit=unit, period=period).update(updated_at=now):
        return
    submission = Submission(unit=unit, period=period, status=SubmissionStatus.DRAFT)
    submission._history_user = user if getattr(user, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:
        Submission.objects.filter(unit=unit, period=period).update(updated_at=now)


def entries_save(
    *,
    user: Any,
    unit: Unit,
    period: Period,
    rows: Sequence[EntryRow] = (),
    reviews: Sequence[Mapping[str, Any]] = (),
    amounts: Mapping[str, Sequence[AmountRow]] | None = None,
    confirm_warnings: bool = False,
    submit: bool = False,
    ignore_lock: bool = False,
    today: dt.date | None = None,
    reason: str = "",
) -> EntryResult:
    """Save a unit's entries for a period in one transaction, and submit them if asked.

    Contract (shared by the entry form and the Excel import):

    - `rows`: indicator entries (`EntryRow`); a row equal to what is saved writes nothing.
    - `reviews`: target reviews as mappings with "target_id", optional "version" (as in
      `EntryRow`) and any of the text fields of `TargetReview` (a missing field is kept).
    - `amounts`: {"expenditure": [AmountRow, …]}: the targets' actual expenditure in TL.
    - `confirm_warnings`: confirm every row's warnings at once (the import's "I checked").
    - `submit`: then submit: every indicator due in the period needs a value or a "veri yok"
      declaration and, when its realization is low, a deviation reason
      (`entry_rules.validate_entry_rows`).
    - `ignore_lock`: the strategy office writes into a period whose window is locked
      (back-fill); anyone else gets PermissionDenied.
    - `reason`: recorded as the history's change reason (e.g. "excel import").

    Steps:
    1. Check the user may write the unit's entries (PermissionDenied otherwise).
    2. In one transaction: lock the (unit, period) submission row, creating it as a draft;
       read the entry; check the lock (`entry_lock_check`, EntryLocked); check every row
       (`validate_entry_rows`, evidence files, targets, amounts).
    3. If there is any error or unconfirmed warning: roll back and return them.
    4. Write actuals, reviews, amounts and evidence, each row only if its version is the
       one the user started from; if any is stale, roll everything back and return the
       conflicts, naming the indicator (or target) and who changed it when.
    5. With `submit`: move the submission to "submitted".

    Returns an `EntryResult`; raises only for permissions and locks. Queries: a fixed number
    (about 30) whatever the number of rows, plus 2 per evidence file.
    """
    if not permissions.can_access_unit(user, unit.pk):
        raise PermissionDenied
    if ignore_lock and not permissions.is_strategy(user):
        raise PermissionDenied
    return _entries_write(
        user=user,
        unit=unit,
        period=period,
        rows=rows,
        reviews=reviews,
        amounts=amounts or {},
        confirm_warnings=confirm_warnings,
        submit=submit,
        ignore_lock=ignore_lock,
        today=today or timezone.localdate(),
        reason=reason,
    )


def _entries_write(
    *,
    user: Any,
    unit: Unit,
    period: Period,
    rows: Sequence[EntryRow],
    reviews: Sequence[Mapping[str, Any]],
    amounts: Mapping[str, Sequence[AmountRow]],
    confirm_warnings: bool,
    submit: bool,
    ignore_lock: bool,
    today: dt.date,
    reason: str,
) -> EntryResult:
    result = EntryResult()
    now = timezone.now()
    pending: list[tuple[Evidence, Any]] = []  # evidence rows whose file is not written yet
    stored: list[str] = []  # files written by this save, removed if it does not commit
    try:
        with transaction.atomic():
            _lock_submission(unit=unit, period=period, user=user, now=now)
            data = selectors.entry_data(unit, period)
            result.data = data
            entry_lock_check(data.state(today), ignore_lock=ignore_lock)
            check = validate_entry_rows(
                rows,
                data.facts,
                year=period.year,
                half=period.half,
                submit=submit,
                confirm_warnings=confirm_warnings,
                settings=selectors.computation_settings(),
            )
            result.errors += check.errors
            result.warnings += check.warnings
            files = _check_evidence(data, check.rows.values(), result)
            review_changes = _check_reviews(data, reviews, result)
            amount_changes = _check_amounts(data, amounts, result)
            if result.errors or result.warnings:
                raise _Rollback
            _write_actuals(data, check.rows.values(), files, user, now, reason, result, pending)
            _write_reviews(data, review_changes, user, now, reason, result)
            _write_amounts(data, amount_changes, user, now, reason, result)
            if result.conflicts:
                raise _Rollback
            removed = any(row.remove_evidence for row in rows)
            if not (submit or result.written or result.evidence or removed):
                raise _NothingChanged  # leave a never-started period "not started"
            submission = Submission.objects.get(unit=unit, period=period)
            if submit:
                submission.status = SubmissionStatus.SUBMITTED
                submission.submitted_at = now
                submission.submitted_by = user if getattr(user, "is_authenticated", False) else None
                _save_with_history(submission, submission.submitted_by, reason)
                submission_submitted.send(Submission, submission=submission, user=user)
                result.submitted = True
            result.submission = submission
            # Last, just before the commit: a crash can leave a file without a row (found
            # by `evidence_orphans`), never a row without its file.
            _evidence_store_files(pending, stored)
    except _NothingChanged:
        # The draft this save may have created is rolled back with it.
        result.submission = Submission.objects.filter(unit=unit, period=period).first()
    except _Rollback:
        # Refused before any file was written: the rows are rolled back, nothing on disk.
        result.evidence = []
        result.written = 0
        return result
    except BaseException:
        # Any failure once files were written (the commit itself included): the rows are
        # rolled back, so remove their files too.
        _evidence_remove_files(stored)
        raise
    result.saved = True
    return result


def _check_evidence(
    data: selectors.EntryData, rows: Any, result: EntryResult
) -> dict[int, list[tuple[Any, str]]]:
    """Check uploaded files and removals; return {indicator pk: [(file, content type)]}."""
    accepted: dict[int, list[tuple[Any, str]]] = {}
    for row in rows:
        facts = data.facts[row.indicator_id]
        for upload in row.files:
            try:
                accepted.setdefault(row.indicator_id, []).append((upload, evidence_check(upload)))
            except ValueError as exc:
                result.errors.append(
                    Problem(
                        "indicator",
                        facts.id,
                        "evidence",
                        "file",
                        indicator_message(facts, "evidence", str(exc)),
                    )
                )
        known = {ev.pk for ev in data.evidence.get(row.indicator_id, [])}
        for pk in row.remove_evidence:
            if pk not in known:
                result.errors.append(
                    Problem(
                        "indicator",
                        facts.id,
                        "evidence",
                        "unknown_file",
                        indicator_message(facts, "evidence", _("this file is not attached here.")),
                    )
                )
    return accepted


def _check_reviews(
    data: selectors.EntryData, reviews: Sequence[Mapping[str, Any]], result: EntryResult
) -> list[VersionedChange]:
    targets = {t.pk: t for t in data.targets}
    changes = []
    for review in reviews:
        target = targets.get(review.get("target_id"))
        if target is None:
            result.errors.append(
                Problem(
                    "target",
                    review.get("target_id") or 0,
                    "target",
                    "unknown",
                    _("Target #%(pk)s is not one of the unit's targets.")
                    % {"pk": review.get("target_id")},
                )
            )
            continue
        current = data.reviews.get(target.pk)
        values = {}
        for name in REVIEW_TEXT_NAMES:
            if review.get(name) is None:
                continue
            text = str(review[name]).strip()
            if text != (getattr(current, name) if current else ""):
                values[name] = text
        if not values:
            continue
        changes.append(
            VersionedChange(
                obj=current,
                version=review.get("version"),
                values=values,
                lookup={"target_id": target.pk, "period_id": data.period.pk},
            )
        )
    return changes


def _actual_current(actual: Actual) -> dict[str, Any]:
    return {
        "value": actual.value,
        "explanation": actual.explanation,
        "deviation_reason": actual.deviation_reason,
        "no_data": actual.no_data,
    }


def _write_actuals(
    data: selectors.EntryData,
    rows: Any,
    files: dict[int, list[tuple[Any, str]]],
    user: Any,
    now: dt.datetime,
    reason: str,
    result: EntryResult,
    pending: list[tuple[Evidence, Any]],
) -> None:
    changes: dict[int, VersionedChange] = {}
    for row in rows:
        if not row.changed:
            continue
        current = data.actuals.get(row.indicator_id)
        values = {
            "value": row.value,
            "explanation": row.explanation,
            "deviation_reason": row.deviation_reason,
            "no_data": row.no_data,
        }
        if current is not None:
            values = {k: v for k, v in values.items() if getattr(current, k) != v}
            if not values:
                continue  # only files change: no version check, nothing to update
        elif (
            row.value is None
            and not row.no_data
            and not row.explanation
            and not row.deviation_reason
            and row.indicator_id not in files
        ):
            continue  # an empty row that was never saved
        changes[row.indicator_id] = VersionedChange(
            obj=current,
            version=row.version,
            values=values,
            lookup={"indicator_id": row.indicator_id, "period_id": data.period.pk},
        )
    stale, written = versioned_write(
        Actual, list(changes.values()), user=user, now=now, reason=reason
    )
    for change in stale:
        # `change.obj` was read under the save's lock: it is the row as it is now.
        indicator_id = change.lookup["indicator_id"]
        facts = data.facts[indicator_id]
        current = change.obj
        if current is not None:
            text = _(
                "%(when)s changed this row after you opened the page (saved value: %(value)s). "
            ) % {
                "when": _when(selectors.user_label(current.updated_by), current.updated_at),
                "value": format_tr_auto(current.value),
            }
        else:
            text = _("this row was deleted after you opened the page. ")
        result.conflicts.append(
            Conflict(
                "indicator",
                indicator_id,
                "value",
                "conflict",
                indicator_message(facts, "value", text + _conflict_text()),
                version=current.version if current is not None else 0,
                current=_actual_current(current) if current is not None else {},
            )
        )
    if stale:
        return
    result.written += len(written)
    by_indicator = {a.indicator_id: a for a in written}
    by_indicator = {**data.actuals, **by_indicator}
    for indicator_id, uploads in files.items():
        actual = by_indicator.get(indicator_id)
        if actual is None:  # pragma: no cover - a file always creates its row above
            continue
        for upload, content_type in uploads:
            evidence = _evidence_create(
                user=user, actual=actual, file=upload, content_type=content_type
            )
            result.evidence.append(evidence)
            pending.append((evidence, upload))
    removed = [pk for row in rows for pk in row.remove_evidence]
    if removed:
        result.removed += _evidence_mark_removed(user=user, pks=removed, now=now)


def _write_reviews(
    data: selectors.EntryData,
    changes: list[VersionedChange],
    user: Any,
    now: dt.datetime,
    reason: str,
    result: EntryResult,
) -> None:
    if not changes:
        return
    stale, written = versioned_write(TargetReview, changes, user=user, now=now, reason=reason)
    targets = {t.pk: t for t in data.targets}
    for change in stale:
        target = targets[change.lookup["target_id"]]
        current = change.obj
        who = (
            _when(selectors.user_label(current.updated_by), current.updated_at)
            if current is not None
            else _("someone")
        )
        text = _("%(when)s changed the review after you opened the page. ") % {"when": who}
        result.conflicts.append(
            Conflict(
                "target",
                target.pk,
                "review",
                "conflict",
                _target_message(target, _("Target review"), text + _conflict_text()),
                version=current.version if current is not None else 0,
                current={n: getattr(current, n) for n in REVIEW_TEXT_NAMES} if current else {},
            )
        )
    result.written += len(written)


def actual_record(
    *,
    user: Any,
    indicator: Indicator,
    period: Period,
    value: Decimal | str | None,
    explanation: str | None = None,
    deviation_reason: str | None = None,
    version: int | None = None,
    confirmed: bool = False,
    ignore_lock: bool = False,
    today: dt.date | None = None,
) -> Actual:
    """Save one indicator's value for a period (see `entries_save`); raises EntryRefused."""
    unit = indicator.target.responsible_unit
    result = entries_save(
        user=user,
        unit=unit,
        period=period,
        rows=[
            EntryRow(
                indicator_id=indicator.pk,
                value=value,
                explanation=explanation,
                deviation_reason=deviation_reason,
                version=version,
                confirmed=confirmed,
            )
        ],
        ignore_lock=ignore_lock,
        today=today,
    )
    if not result.saved:
        raise EntryRefused(result)
    return Actual.objects.get(indicator=indicator, period=period)


def evidence_attach(
    *,
    user: Any,
    indicator: Indicator,
    period: Period,
    file: Any,
    ignore_lock: bool = False,
    today: dt.date | None = None,
) -> Evidence:
    """Attach an evidence file to an indicator's entry for a period (creating the entry if
    needed); the type is checked from the content. Raises EntryRefused or EntryLocked."""
    result = entries_save(
        user=user,
        unit=indicator.target.responsible_unit,
        period=period,
        rows=[EntryRow(indicator_id=indicator.pk, value=KEEP, files=[file])],
        ignore_lock=ignore_lock,
        today=today,
    )
    if not result.saved:
        raise EntryRefused(result)
    return result.evidence[0]


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
    access, lock, workflow, version; see `entries_save`).

    Returns the row, or None when the amount was cleared. Raises EntryRefused or EntryLocked.
    """
    result = entries_save(
        user=user,
        unit=target.responsible_unit,
        period=period,
        amounts={EXPENDITURE: [AmountRow(target_id=target.pk, amount=amount, version=version)]},
        ignore_lock=ignore_lock,
        today=timezone.localdate(),
    )
    if not result.saved:
        raise EntryRefused(result)
    return Expenditure.objects.filter(target=target, period=period).first()
