"""Writes for the report archive: request and publish. Only these and `reports.jobs` move a
Report's status.

    report_request   queue a job (or return the archived report built from the same data)
    report_enqueue   send a queued job to the worker once the transaction commits (a job
                     that cannot be sent ends `failed` with a message)
    report_cancel    end a queued or running job (the strategy office)
    report_publish   show a finished report to council members / take it back

Running a job (`report_render`, `report_fail`, `reports_fail_stale`) lives in `reports.jobs`,
the module the Celery tasks call; its names are re-exported here. The imports run one way:
services → tasks → jobs.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from goals.models import Plan
from reports.jobs import (
    TRANSIENT_ERRORS,
    ReportError,
    ReportTimeout,
    report_fail,
    report_render,
    reports_fail_stale,
    time_limits,
)
from reports.models import Report, ReportKind, ReportStatus
from reports.rendering import data_checksum, report_data
from reports.signals import report_published
from reports.tasks import report_render_task

__all__ = [
    "TRANSIENT_ERRORS",
    "ReportError",
    "ReportTimeout",
    "UnconfirmedPublish",
    "current_checksum",
    "report_cancel",
    "report_enqueue",
    "report_fail",
    "report_publish",
    "report_render",
    "report_request",
    "reports_fail_stale",
    "time_limits",
]

logger = logging.getLogger(__name__)


QUEUED_RESEND_SECONDS = 60
"""A job still queued this long after it was asked for is sent to the broker again when it is
asked for again (its message may have been lost); `reports_fail_stale` ends it after
REPORTS_QUEUE_TIMEOUT."""


def _check_request(plan: Plan, kind: str, year: int, half: int) -> int:
    if kind not in ReportKind.values:
        raise ReportError(_("Unknown report kind: %(kind)s.") % {"kind": kind})
    if year not in plan.years:
        raise ReportError(
            _("%(year)s is outside the plan's years (%(start)s–%(end)s).")
            % {"year": year, "start": plan.start_year, "end": plan.end_year}
        )
    if kind == ReportKind.EVALUATION:
        return 2
    if half not in (1, 2):
        raise ReportError(_("The period must be H1 or H2."))
    return half


def current_checksum(plan: Plan, kind: str, year: int, half: int) -> str:
    """The checksum of the data a report would be built from now (11 queries)."""
    with translation.override(settings.LANGUAGE_CODE):
        return data_checksum(report_data(plan, kind, year, half))


@transaction.atomic
def report_request(
    *,
    plan: Plan,
    kind: str,
    year: int,
    half: int,
    user: object | None,
    force: bool = False,
) -> tuple[Report, bool]:
    """Ask for a report; returns (report, queued).

    1. Without `force`, a finished report of the same kind and period built from the same data
       (same checksum) is returned as it is: (archived report, False).
    2. A job of the same kind and period that is still queued or running is returned:
       (that job, False); asking twice never renders twice at once. Dead jobs are swept
       first (`reports_fail_stale`), so that they never block a new request.
    3. Otherwise a new job is queued and sent to the worker once the transaction commits:
       (new report, True). Every earlier file stays in the archive.
    """
    half = _check_request(plan, kind, year, half)
    # Serialise requests for one plan, so that two clicks do not queue two jobs.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    reports_fail_stale()
    same = Report.objects.filter(plan=plan, kind=kind, year=year, half=half)
    if not force:
        checksum = current_checksum(plan, kind, year, half)
        archived = (
            same.filter(status=ReportStatus.DONE, checksum=checksum)
            .order_by("-finished_at", "-pk")
            .first()
        )
        if archived is not None:
            return archived, False
    active = same.filter(status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING]).first()
    if active is not None:
        if active.status == ReportStatus.QUEUED and active.requested_at < timezone.now() - (
            dt.timedelta(seconds=QUEUED_RESEND_SECONDS)
        ):
            # Its message may be lost (the compose Redis keeps nothing across a restart):
            # send it again. Safe: a worker claims a queued job once, a second message finds
            # it running or done and does nothing.
            report_enqueue(report_id=active.pk)
        return active, False
    report = Report(
        plan=plan,
        kind=kind,
        year=year,
        half=half,
        force=force,
        requested_by=user if getattr(user, "is_authenticated", False) else None,
    )
    report.full_clean()
    report._change_reason = "requested"
    report.save()
    report_enqueue(report_id=report.pk)
    return report, True


def report_enqueue(*, report_id: int) -> None:
    """Send the job to the `reports` queue after the current transaction commits.

    When the broker cannot be reached (the publish gives up within a few seconds: the
    CELERY_BROKER_* settings), the job ends `failed` with a message instead of staying
    `queued`. Without REDIS_URL the settings run it eagerly, in this process, after the commit.
    """
    transaction.on_commit(lambda: _send(report_id))


def _send(report_id: int) -> None:
    try:
        # No result is kept: the row is the result, and the web process never waits on it.
        report_render_task.apply_async(args=[report_id], ignore_result=True)
    except Exception:  # any failure to publish means no worker will ever see this job
        logger.exception("report %s: the job could not be sent to the broker", report_id)
        report_fail(
            report_id=report_id,
            message=_(
                "The report could not be queued: the job queue (Redis) cannot be reached. "
                "Try again in a few minutes; if it keeps failing, tell the system "
                "administrator."
            ),
            reason="failed",
        )


def report_cancel(*, report: Report, user: object) -> bool:
    """Cancel a queued or running job: it ends `failed` ("cancelled by …"); a worker rendering
    it stops at its next step. False when the job had already ended."""
    name = getattr(user, "get_full_name", lambda: "")() or getattr(user, "username", "")
    return report_fail(
        report_id=report.pk,
        message=_("Cancelled by %(user)s.") % {"user": name},
        reason="cancelled",
        user=user,
    )


class UnconfirmedPublish(ReportError):
    """Publishing a report whose figures rest on unapproved values needs a confirmation."""


@transaction.atomic
def report_publish(
    *, report: Report, user: object, published: bool = True, confirm_unapproved: bool = False
) -> Report:
    """Publish a finished report to council members, or take it back (`published=False`).

    A report whose figures rest on values not yet approved (`Report.unapproved_figures`,
    counted when it was rendered; its cover says so) is published only with
    `confirm_unapproved`; otherwise `UnconfirmedPublish` names how many.
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    if published and report.status != ReportStatus.DONE:
        raise ReportError(_("Only a finished report can be published."))
    if published and not report.published and report.unapproved_figures and not confirm_unapproved:
        raise UnconfirmedPublish(
            ngettext(
                "%(count)s figure of this report rests on values not yet approved. Confirm "
                "that you publish it as it is, or approve the values and render it anew.",
                "%(count)s figures of this report rest on values not yet approved. Confirm "
                "that you publish it as it is, or approve the values and render it anew.",
                report.unapproved_figures,
            )
            % {"count": report.unapproved_figures}
        )
    if report.published == published:
        return report
    report.published = published
    report.published_at = timezone.now() if published else None
    report.published_by = user if published else None
    try:
        report.full_clean()
    except ValidationError as exc:  # pragma: no cover - guarded above
        raise ReportError("; ".join(exc.messages))
    report._change_reason = "published" if published else "unpublished"
    report.save()
    if published:
        report_published.send(Report, report=report, user=user)
    return report
