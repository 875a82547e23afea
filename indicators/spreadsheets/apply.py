"""The write of an import, in one transaction, through the entry form's services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from goals import permissions
from goals.models import Plan, Unit
from indicators import services
from indicators.models import Period, Submission, SubmissionStatus
from indicators.spreadsheets.columns import COL_TARGET
from indicators.spreadsheets.issues import Issue
from indicators.spreadsheets.preview import FIELD_COLUMNS, Preview, PreviewRow, import_preview
from indicators.spreadsheets.table import Sheet


class ImportRefused(Exception):
    """Nothing was written; `preview` holds the rows and problems as they are now."""

    def __init__(self, preview: Preview, reason: str) -> None:
        super().__init__(reason)
        self.preview = preview
        self.reason = reason


def _problem_issues(result: services.EntryResult, rows: list[PreviewRow]) -> list[Issue]:
    row_of = {r.indicator.pk: r.row for r in rows}
    return [
        Issue(
            p.message,
            row=row_of.get(p.key) if p.scope == "indicator" else None,
            column=FIELD_COLUMNS.get(p.field, COL_TARGET),
            names_column=True,
        )
        for p in result.errors + result.warnings + result.conflicts
    ]


def import_apply(
    *,
    plan: Plan,
    user: Any,
    sheet: Sheet,
    expected_digest: str | None = None,
    approve: bool = False,
    today: dt.date | None = None,
) -> Preview:
    """Write an import in one transaction, through the entry form's service.

    1. Run the dry run again inside the transaction; refuse (`ImportRefused`) if it has an
       error, or if `expected_digest` is given and what would be written differs from the
       preview the user confirmed (someone saved meanwhile, or the file is another).
    2. For each (unit, period) with changes, call `services.entries_save` with the rows as
       checked (their versions, `confirm_warnings=True`: confirming the import confirms the
       warnings; `ignore_lock` for the strategy office); any refusal rolls everything back.
    3. With `approve` (strategy office only): submit (if needed) and approve the submission
       of every (unit, period) of the file through the workflow services.

    Returns the preview that was written. Raises PermissionDenied for `approve` by anyone
    but the strategy office.
    """
    strategy = permissions.is_strategy(user)
    if approve and not strategy:
        raise PermissionDenied
    today = today or timezone.localdate()
    reason = _("Excel import: %(name)s") % {"name": sheet.name}
    with transaction.atomic():
        preview = import_preview(plan=plan, user=user, sheet=sheet, today=today)
        if not preview.ok:
            raise ImportRefused(preview, _("The file has errors: nothing was saved."))
        if expected_digest is not None and preview.digest != expected_digest:
            raise ImportRefused(
                preview,
                _(
                    "The saved values have changed since the preview (or the file is not the "
                    "same): nothing was saved. Check the new preview and confirm again."
                ),
            )
        units = {u.pk: u for u in Unit.objects.filter(pk__in={r.unit_id for r in preview.rows})}
        periods = {r.period.pk: r.period for r in preview.rows}
        for (unit_id, period_id), rows in preview.groups().items():
            try:
                result = services.entries_save(
                    user=user,
                    unit=units[unit_id],
                    period=periods[period_id],
                    rows=[r.entry for r in rows],
                    confirm_warnings=True,
                    ignore_lock=strategy,
                    today=today,
                    reason=reason,
                )
            except services.EntryLocked as exc:
                preview.errors.append(Issue(exc.message))
                raise ImportRefused(preview, _("The file has errors: nothing was saved."))
            if not result.saved:
                preview.errors.extend(_problem_issues(result, rows))
                raise ImportRefused(preview, _("The file has errors: nothing was saved."))
        if approve:
            _approve(preview, user, units, periods, today)
    return preview


def _approve(
    preview: Preview,
    user: Any,
    units: dict[int, Unit],
    periods: dict[int, Period],
    today: dt.date,
) -> None:
    """Submit and approve each (unit, period) of the file; a refusal rolls everything back."""
    groups = sorted({(r.unit_id, r.period.pk) for r in preview.rows})
    submissions = {
        (s.unit_id, s.period_id): s
        for s in Submission.objects.filter(period_id__in={p for _u, p in groups})
    }
    for unit_id, period_id in groups:
        unit, period = units[unit_id], periods[period_id]
        submission = submissions.get((unit_id, period_id))
        status = submission.status if submission is not None else SubmissionStatus.DRAFT
        if status == SubmissionStatus.APPROVED:
            continue
        try:
            if status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED):
                # The strategy office back-fills locked periods: submit past the window.
                result = services.entries_save(
                    user=user,
                    unit=unit,
                    period=period,
                    submit=True,
                    ignore_lock=True,
                    today=today,
                )
                if not result.saved:
                    preview.errors.extend(
                        Issue(
                            _("%(unit)s %(period)s cannot be submitted: %(message)s")
                            % {"unit": unit.name, "period": period.label, "message": p.message}
                        )
                        for p in result.errors + result.warnings + result.conflicts
                    )
                    raise ImportRefused(preview, _("The file has errors: nothing was saved."))
                submission = result.submission
            services.submission_approve(user=user, submission=submission)
        except (services.EntryLocked, services.WorkflowError) as exc:
            preview.errors.append(
                Issue(
                    _("%(unit)s %(period)s cannot be approved: %(message)s")
                    % {"unit": unit.name, "period": period.label, "message": exc.message}
                )
            )
            raise ImportRefused(preview, _("The file has errors: nothing was saved."))
