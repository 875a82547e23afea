"""Writes for indicators, periods and entries. Only services move statuses.

Entry and review (DESIGN.md §4; how to use it: docs/entry-and-review.md):

- `entries_save` writes a unit's entries for a period in one transaction: the values of its
  indicators (`Actual`), its target reviews, its targets' actual expenditures
  (`Expenditure`) and evidence files; with `submit=True` it also submits. The web form and
  the Excel import call it; `actual_record`, `expenditure_record`, `submission_submit` and
  `evidence_attach` are small doors onto it.
- `submission_approve`, `submission_return`, `submission_reopen` move the workflow.
- `period_open`, `period_close`, `period_extend`, `lock_exception_create` manage the windows.
- `demo_fill` fills a year with plausible demo values for `make run`.

Every write records its history (django-simple-history) with the user and the time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import random
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import or_
from pathlib import PurePath
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from goals import permissions
from goals.models import Plan, Target, Unit
from indicators import selectors
from indicators.entry_rules import (
    KEEP,
    EntryRow,
    IndicatorFacts,
    Problem,
    indicator_message,
    needs_deviation_reason,
    parse_amount,
    plan_reference,
    validate_entry_rows,
)
from indicators.models import (
    EXPENDITURE_FIELDS,
    Actual,
    Evidence,
    Expenditure,
    Half,
    Indicator,
    LockException,
    Period,
    PeriodState,
    ReviewComment,
    Submission,
    SubmissionStatus,
    TargetReview,
)

EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
REVIEW_TEXT_FIELDS = (
    "activities_done",
    "deviation_reasons",
    "corrective_actions",
    "relevance",
    "effectiveness",
    "efficiency",
    "sustainability",
)
EXPENDITURE_DECIMAL_PLACES = 2
DEMO_TEXT = "Demo verisi"


# --- Periods ----------------------------------------------------------------------------------


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
    if not Target.objects.filter(plan_id=period.plan_id, responsible_unit=unit).exists():
        errors["unit"] = _("This unit is not responsible for any target of the plan.")
    if errors:
        raise ValidationError(errors)
    exception = LockException(
        period=period, unit=unit, reason=reason.strip(), until=until, created_by=user
    )
    _save_with_history(exception, user)
    return exception


# --- Errors and results -----------------------------------------------------------------------


class EntryError(Exception):
    """A refusal of the domain, with a message for people."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class EntryLocked(EntryError):
    """The unit may not change its entries for the period now (window or workflow)."""


class WorkflowError(EntryError):
    """An illegal status transition."""


class EntryRefused(EntryError):
    """`entries_save` wrote nothing; `result` tells why."""

    def __init__(self, result: EntryResult) -> None:
        problems = result.errors + result.warnings + result.conflicts
        super().__init__(" ".join(p.message for p in problems) or _("Nothing was saved."))
        self.result = result


@dataclass(frozen=True)
class Conflict(Problem):
    """A row changed by someone else since the user loaded it: nothing of the save was written.

    `version` is the row's version now (0: it was deleted), `current` its values now.
    """

    version: int = 0
    current: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class EntryResult:
    """What `entries_save` did. `saved` is True only when everything was written.

    `errors` are refusals; `warnings` need a confirmation (`EntryRow.confirmed` or
    `confirm_warnings`); `conflicts` are rows someone else changed meanwhile. When any of
    them is not empty nothing was written. `written` counts the rows written (actuals,
    reviews, amounts); `evidence` lists the files attached; `data` is the entry as read in
    the save's transaction (for a caller that shows the page again).
    """

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    saved: bool = False
    submitted: bool = False
    written: int = 0
    evidence: list[Evidence] = field(default_factory=list)
    submission: Submission | None = None
    data: selectors.EntryData | None = None

    def problems_for(self, scope: str, key: int) -> list[Problem]:
        return [
            p
            for p in self.errors + self.warnings + self.conflicts
            if p.scope == scope and p.key == key
        ]


class _Rollback(Exception):  # noqa: N818 - control flow, never leaves this module
    pass


class _NothingChanged(Exception):  # noqa: N818 - control flow, never leaves this module
    pass


# --- Expenditures ---------------------------------------------------------------------------


StoredAmount = selectors.StoredAmount
EXPENDITURE = selectors.EXPENDITURE


@dataclass(frozen=True)
class AmountRow:
    """One target's amount for the period; `amount` None or "" clears it; `version` as in
    `EntryRow`."""

    target_id: int
    amount: Decimal | str | int | None
    version: int | None = None


# --- Versioned writes -------------------------------------------------------------------------


@dataclass
class VersionedChange:
    """One row to write: `obj` is the current row (None: create it from `lookup`)."""

    obj: models.Model | None
    version: int | None
    values: dict[str, Any]
    lookup: dict[str, Any] = field(default_factory=dict)


def versioned_write(
    model: type[models.Model],
    changes: Sequence[VersionedChange],
    *,
    user: Any,
    now: dt.datetime,
    reason: str = "",
) -> tuple[list[VersionedChange], list[models.Model]]:
    """Write rows that carry a `version`, refusing those changed since the user read them.

    Call inside a transaction; when stale changes are returned the caller must roll back.

    1. A change whose `version` is not None and differs from the current row's (0 when there
       is no row) is stale: return the stale ones and write nothing.
    2. Update the existing rows in one conditional statement,
       ``UPDATE … SET f = CASE pk … END, version = version + 1 WHERE (pk = 1 AND version = 3)
       OR …``; if it matches fewer rows than expected someone wrote in between: re-read the
       versions and return those that moved.
    3. Insert the new rows (version 1) in one statement; a unique violation means someone
       created the row in between: all inserts are stale.
    4. Record the history of every row written, in one statement each for updates and inserts.

    Returns (stale changes, rows written). Queries: at most 6 per 500 rows.
    """
    user = user if getattr(user, "is_authenticated", False) else None
    stale = [
        c
        for c in changes
        if c.version is not None and c.version != (c.obj.version if c.obj is not None else 0)
    ]
    if stale:
        return stale, []
    written: list[models.Model] = []
    updates = [c for c in changes if c.obj is not None]
    for start in range(0, len(updates), 500):
        batch = updates[start : start + 500]
        names = sorted({name for c in batch for name in c.values})
        assignments: dict[str, Any] = {}
        for name in names:
            model_field = model._meta.get_field(name)
            whens = [
                When(pk=c.obj.pk, then=Value(c.values[name], output_field=model_field))
                for c in batch
                if name in c.values
            ]
            case = Case(*whens, default=F(name), output_field=model_field)
            if connection.features.requires_casted_case_in_updates:
                case = Cast(case, output_field=model_field)
            assignments[name] = case
        condition = reduce(or_, (Q(pk=c.obj.pk, version=c.obj.version) for c in batch))
        count = model.objects.filter(condition).update(
            **assignments, version=F("version") + 1, updated_at=now, updated_by=user
        )
        if count != len(batch):
            versions = dict(
                model.objects.filter(pk__in=[c.obj.pk for c in batch]).values_list("pk", "version")
            )
            return [c for c in batch if versions.get(c.obj.pk) != c.obj.version + 1], []
        for c in batch:
            for name, value in c.values.items():
                setattr(c.obj, name, value)
            c.obj.version += 1
            c.obj.updated_at = now
            c.obj.updated_by = user
            written.append(c.obj)
    if updates:
        model.history.bulk_history_create(
            [c.obj for c in updates],
            update=True,
            default_user=user,
            default_change_reason=reason,
            default_date=now,
        )
    creates = [c for c in changes if c.obj is None]
    if creates:
        objs = [
            model(**c.lookup, **c.values, version=1, updated_at=now, updated_by=user)
            for c in creates
        ]
        try:
            with transaction.atomic():
                objs = model.objects.bulk_create(objs, batch_size=500)
        except IntegrityError:
            return creates, []
        model.history.bulk_history_create(
            objs, default_user=user, default_change_reason=reason, default_date=now
        )
        for c, obj in zip(creates, objs, strict=True):
            c.obj = obj
        written += objs
    return [], written


# --- Evidence ---------------------------------------------------------------------------------


EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EVIDENCE_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/tiff": ".tif",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    DOCX: ".docx",
    XLSX: ".xlsx",
}


def evidence_check(file: Any) -> str:
    """The content type of an evidence file, judged from its content, not its name.

    Accepted: PDF, JPEG/PNG/GIF/WebP/TIFF images, Word (.doc, .docx) and Excel (.xls, .xlsx),
    at most 20 MB. Word and Excel 2007+ files are zip archives: they are told apart by their
    entries (``word/``, ``xl/``), and any other zip is refused. Raises ValueError with a
    message naming the file.
    """
    name = PurePath(getattr(file, "name", "") or "").name
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size > EVIDENCE_MAX_BYTES:
        raise ValueError(_("%(name)s is larger than 20 MB.") % {"name": name})
    if size == 0:
        raise ValueError(_("%(name)s is empty.") % {"name": name})
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind is not None else ""
    if mime in ("application/zip", DOCX, XLSX):
        try:
            with zipfile.ZipFile(file) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError):
            names = []
        finally:
            file.seek(0)
        if any(n.startswith("word/") for n in names):
            mime = DOCX
        elif any(n.startswith("xl/") for n in names):
            mime = XLSX
        else:
            mime = ""
    if mime not in EVIDENCE_TYPES:
        raise ValueError(
            _(
                "%(name)s is not an accepted file type. Accepted: PDF, images (JPEG, PNG), "
                "Word and Excel files."
            )
            % {"name": name}
        )
    return mime


def _evidence_create(*, user: Any, actual: Actual, file: Any, content_type: str) -> Evidence:
    original = PurePath(getattr(file, "name", "") or "dosya").name[:255]
    stem = PurePath(original).stem or "dosya"
    # The stored name gets the suffix of the detected type, never the user's.
    file.name = stem + EVIDENCE_TYPES[content_type]
    evidence = Evidence(
        actual=actual,
        original_name=original,
        content_type=content_type,
        size=file.size,
        uploaded_by=user,
    )
    evidence.file.save(file.name, file, save=False)
    evidence.save()
    return evidence


def _evidence_remove_files(names: list[str]) -> None:
    storage = Evidence._meta.get_field("file").storage
    for name in names:
        with contextlib.suppress(OSError):  # a missing file is already gone
            storage.delete(name)


# --- Entry ------------------------------------------------------------------------------------


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


def _target_message(target: Target, field_label: Any, text: str) -> str:
    return _("%(indicator)s – %(field)s: %(message)s") % {
        "indicator": _("Target %(code)s") % {"code": target.code},
        "field": field_label,
        "message": text,
    }


def _when(who: str, at: dt.datetime | None) -> str:
    """ "Ayşe Yılmaz on 05.07.2025 14:03" for conflict messages."""
    who = who or _("someone")
    if at is None:
        return who
    return _("%(who)s on %(when)s") % {
        "who": who,
        "when": date_format(timezone.localtime(at), "SHORT_DATETIME_FORMAT"),
    }


def _conflict_text() -> str:
    return _(
        "Nothing was saved: your input is kept on the page. Check it against the saved one "
        "and save again to replace it."
    )


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
    - `submit`: then submit: every indicator due in the period needs a value and, when its
      realization is low, a deviation reason (`entry_rules.validate_entry_rows`).
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
            _write_actuals(data, check.rows.values(), files, user, now, reason, result)
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
                result.submitted = True
            result.submission = submission
    except _NothingChanged:
        # The draft this save may have created is rolled back with it.
        result.submission = Submission.objects.filter(unit=unit, period=period).first()
    except _Rollback:
        # The rows are rolled back; the files stored meanwhile are not: remove them.
        _evidence_remove_files([ev.file.name for ev in result.evidence])
        result.evidence = []
        result.written = 0
        return result
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
        for name in REVIEW_TEXT_FIELDS:
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


def _actual_current(actual: Actual) -> dict[str, Any]:
    return {
        "value": actual.value,
        "explanation": actual.explanation,
        "deviation_reason": actual.deviation_reason,
    }


def _write_actuals(
    data: selectors.EntryData,
    rows: Any,
    files: dict[int, list[tuple[Any, str]]],
    user: Any,
    now: dt.datetime,
    reason: str,
    result: EntryResult,
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
        }
        if current is not None:
            values = {k: v for k, v in values.items() if getattr(current, k) != v}
            if not values:
                continue  # only files change: no version check, nothing to update
        elif (
            row.value is None
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
                "value": _fmt(current.value),
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
            result.evidence.append(
                _evidence_create(user=user, actual=actual, file=upload, content_type=content_type)
            )
    removed = []
    for row in rows:
        for pk in row.remove_evidence:
            removed.append(pk)
    if removed:
        names = list(Evidence.objects.filter(pk__in=removed).values_list("file", flat=True))
        Evidence.objects.filter(pk__in=removed).delete()
        transaction.on_commit(functools.partial(_evidence_remove_files, names))


def _fmt(value: Decimal | None) -> str:
    from karsplan.lib.numbers import format_tr_auto

    return format_tr_auto(value)


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
                current={n: getattr(current, n) for n in REVIEW_TEXT_FIELDS} if current else {},
            )
        )
    result.written += len(written)


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
                    "value": _fmt(saved.amount if saved else None),
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


# --- Workflow ---------------------------------------------------------------------------------


def submission_submit(
    *, user: Any, unit: Unit, period: Period, today: dt.date | None = None
) -> Submission:
    """Submit a unit's entries for a period as they are saved (see `entries_save`).

    Raises EntryRefused naming each indicator without a value or without a needed deviation
    reason, EntryLocked when the unit may not submit now.
    """
    result = entries_save(user=user, unit=unit, period=period, submit=True, today=today)
    if not result.saved:
        raise EntryRefused(result)
    return result.submission


def _transition(
    submission: Submission,
    *,
    allowed: Sequence[str],
    to: str,
    user: Any,
    reason: str = "",
    message: str,
    **values: Any,
) -> Submission:
    """Move the status with a conditional update (`WHERE status IN allowed`), so that two
    reviewers cannot both act on the same submission; record the history."""
    now = timezone.now()
    count = Submission.objects.filter(pk=submission.pk, status__in=allowed).update(
        status=to, updated_at=now, **values
    )
    if not count:
        submission.refresh_from_db()
        raise WorkflowError(message % {"status": submission.get_status_display()})
    submission.refresh_from_db()
    # The instance may carry the user and reason of an earlier save: this record is ours.
    submission._history_user = user
    submission._change_reason = reason
    Submission.history.bulk_history_create(
        [submission],
        update=True,
        default_user=user,
        default_change_reason=reason,
        default_date=now,
    )
    return submission


@transaction.atomic
def submission_approve(*, user: Any, submission: Submission) -> Submission:
    """Approve submitted entries: their values are frozen and count as approved."""
    _require_strategy(user)
    return _transition(
        submission,
        allowed=[SubmissionStatus.SUBMITTED],
        to=SubmissionStatus.APPROVED,
        user=user,
        message=_("Only submitted entries can be approved; these are: %(status)s."),
        reviewed_at=timezone.now(),
        reviewed_by=user,
    )


@transaction.atomic
def submission_return(
    *,
    user: Any,
    submission: Submission,
    reason: str,
    comments: Mapping[int, str] | None = None,
) -> Submission:
    """Return submitted entries to the unit with a reason and optional comments per indicator;
    they become editable again (whatever the window) until submitted anew."""
    _require_strategy(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write the reason for returning the entries.")})
    notes = {k: v.strip() for k, v in (comments or {}).items() if v and v.strip()}
    if notes:
        own = set(
            Indicator.objects.filter(
                pk__in=list(notes),
                target__plan_id=submission.period.plan_id,
                target__responsible_unit_id=submission.unit_id,
            ).values_list("pk", flat=True)
        )
        if set(notes) - own:
            raise ValidationError({"comments": _("A comment is for an indicator of another unit.")})
    submission = _transition(
        submission,
        allowed=[SubmissionStatus.SUBMITTED],
        to=SubmissionStatus.RETURNED,
        user=user,
        message=_("Only submitted entries can be returned; these are: %(status)s."),
        return_reason=reason,
        reopen_reason="",  # an earlier reopening does not explain this return
        reviewed_at=timezone.now(),
        reviewed_by=user,
    )
    ReviewComment.objects.bulk_create(
        [
            ReviewComment(submission=submission, indicator_id=pk, text=text, created_by=user)
            for pk, text in notes.items()
        ]
    )
    return submission


@transaction.atomic
def submission_reopen(*, user: Any, submission: Submission, reason: str) -> Submission:
    """Reopen approved entries with a reason: they go back to the unit as returned."""
    _require_strategy(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write the reason for reopening the entries.")})
    return _transition(
        submission,
        allowed=[SubmissionStatus.APPROVED],
        to=SubmissionStatus.RETURNED,
        user=user,
        message=_("Only approved entries can be reopened; these are: %(status)s."),
        reopen_reason=reason,
        return_reason=reason,
        reviewed_at=timezone.now(),
        reviewed_by=user,
    )


# --- Demo -------------------------------------------------------------------------------------


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


def demo_fill(
    plan: Plan,
    year: int = 2025,
    *,
    user: Any = None,
    expenditure: Callable[[Target, Period], Decimal | None] | None = None,
) -> dict[str, int]:
    """Fill `year` with plausible demo values (for `make run`; never in production).

    Every indicator due in (year, H1) and (year, H2) gets a value made from its planned value
    ±20 % (a random generator seeded per indicator, so runs agree), the explanation "Demo
    verisi" (and a deviation reason when the value is low); every target gets a review and,
    given `expenditure` (target, period → amount or None), an actual expenditure.

    Workflow: in H1 most units are approved, every fifth is returned and the next one
    awaits review; in H2 every fourth unit has submitted and the others keep a draft, and
    H2 is opened for entry (state "open") so that the demo has a period to enter.

    Idempotent: a (unit, period) that already has a submission is left as it is. Returns
    counts of what was written.
    """
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
    units = list(Unit.objects.filter(responsible_targets__plan=plan).distinct().order_by("name"))
    for half in (1, 2):
        period = Period.objects.get(plan=plan, year=year, half=half)
        existing = set(Submission.objects.filter(period=period).values_list("unit_id", flat=True))
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
                low = needs_deviation_reason(
                    facts, value, year, half, selectors.computation_settings()
                )
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
            submit = (half == 1) or (k % 4 == 0)
            result = _entries_write(
                user=user,
                unit=unit,
                period=period,
                rows=rows,
                reviews=reviews,
                amounts=amounts,
                confirm_warnings=True,
                submit=submit,
                ignore_lock=True,
                today=timezone.localdate(),
                reason=DEMO_TEXT,
            )
            if not result.saved:  # pragma: no cover - demo values always pass the rules
                raise EntryRefused(result)
            counts["actuals"] += len(rows)
            counts["submissions"] += 1
            if half == 1 and user is not None:
                submission = result.submission
                if k % 5 == 3:
                    submission_return(
                        user=user,
                        submission=submission,
                        reason=f"{DEMO_TEXT}: açıklamaları kanıtlarla destekleyin.",
                    )
                elif k % 5 != 4:
                    submission_approve(user=user, submission=submission)
        _demo_backdate_submissions(period)
        if half == 2 and period.state != PeriodState.OPEN:
            period.state = PeriodState.OPEN
            _save_with_history(period, user, DEMO_TEXT)
    return counts


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
