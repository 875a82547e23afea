"""When a unit is late for a period: the one rule, for the review list, the home panels and
the units dashboard.

A unit is late for a period when its FIRST submission came after the period's deadline, or
when it has never submitted and the deadline has passed. A return (even after the deadline)
and a resubmission do not change it: a unit that submitted on time and was returned later is
not late.

The first submission is the earliest `submitted_at` of the submission's "submitted" history
records (a resubmission overwrites `submitted_at` on the row, never in its history); a
queryset gets it in the same query with `Submission.objects.with_first_submitted_at()`.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from indicators.models import Period, Submission, SubmissionStatus

__all__ = ["SENT", "is_late", "submission_is_late"]

SENT = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)


def is_late(
    *,
    deadline: dt.date,
    first_submitted: dt.datetime | None,
    status: str | None,
    today: dt.date,
) -> bool:
    """The rule (module docstring). `status` is None when the unit has no submission; a
    submission sent without a known time (data entered by hand) is not late."""
    if first_submitted is not None:
        return timezone.localdate(first_submitted) > deadline
    if status in SENT:
        return False
    return today > deadline


def submission_is_late(period: Period, submission: Submission | None, today: dt.date) -> bool:
    """`is_late` for (a unit's submission or None, its period). The submission should come
    from `Submission.objects.with_first_submitted_at()`; otherwise this costs one query."""
    if submission is None:
        return is_late(deadline=period.deadline, first_submitted=None, status=None, today=today)
    if not hasattr(submission, "first_submitted_at"):
        submission.first_submitted_at = (
            Submission.objects.filter(pk=submission.pk)
            .with_first_submitted_at()
            .values_list("first_submitted_at", flat=True)
            .first()
        )
    return is_late(
        deadline=period.deadline,
        first_submitted=submission.first_submitted_at,
        status=submission.status,
        today=today,
    )
