"""The workflow of a submission: submit, approve, return, reopen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from goals import data_version
from goals.models import Unit
from indicators.models import (
    Indicator,
    Period,
    ReviewComment,
    Submission,
    SubmissionStatus,
)
from indicators.services.entries import entries_save
from indicators.services.errors import EntryRefused, WorkflowError
from indicators.services.evidence import evidence_purge_removed
from indicators.services.periods import _require_strategy
from indicators.signals import (
    submission_approved,
    submission_reopened,
    submission_returned,
)


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
    data_version.bump_for([submission])  # an update sends no signal: the results cache's version
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
    submission = _transition(
        submission,
        allowed=[SubmissionStatus.SUBMITTED],
        to=SubmissionStatus.APPROVED,
        user=user,
        message=_("Only submitted entries can be approved; these are: %(status)s."),
        reviewed_at=timezone.now(),
        reviewed_by=user,
    )
    evidence_purge_removed(unit_id=submission.unit_id, period_id=submission.period_id)
    submission_approved.send(Submission, submission=submission, user=user)
    return submission


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
    submission_returned.send(Submission, submission=submission, user=user, comments=notes)
    return submission


@transaction.atomic
def submission_reopen(*, user: Any, submission: Submission, reason: str) -> Submission:
    """Reopen approved entries with a reason: they go back to the unit as returned."""
    _require_strategy(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write the reason for reopening the entries.")})
    submission = _transition(
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
    submission_reopened.send(Submission, submission=submission, user=user)
    return submission
