"""Writes for the report archive: request, render, publish. Only these move a Report's status.

    report_request   queue a job (or return the archived report built from the same data)
    report_render    run one job: claim it, render PDF and Excel, store them (the task's body)
    report_publish   show a finished report to council members / take it back
    reports_fail_stale  mark failed the jobs that died while running (worker killed)

A job runs at most once: `report_render` claims the row with a conditional update
(`queued → running`), so a second delivery of the same task finds nothing to do. A job never
stays `running`: a domain error, the time limit or any unexpected error ends it `failed` with
a message; a worker killed outright is caught by `reports_fail_stale`.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from goals.models import Plan
from reports.models import Report, ReportKind, ReportStatus
from reports.rendering import data_checksum, report_data
from reports.rendering.pdf import render_pdf
from reports.rendering.xlsx import render_xlsx

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError)
"""Errors worth a retry: the database went away or timed out."""


class ReportError(Exception):
    """A domain error, shown to the user as is (Turkish)."""


class ReportTimeout(ReportError):
    """The job passed its time limit."""


def time_limits() -> tuple[int, int]:
    """(soft, hard) time limits of a report job, in seconds (Celery settings)."""
    return settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT


def _timeout_message() -> str:
    return _(
        "The report could not be finished within its time limit. "
        "Try again later; if it fails again, tell the system administrator."
    )


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
       (that job, False); asking twice never renders twice at once.
    3. Otherwise a new job is queued and sent to the worker once the transaction commits:
       (new report, True). Every earlier file stays in the archive.
    """
    half = _check_request(plan, kind, year, half)
    # Serialise requests for one plan, so that two clicks do not queue two jobs.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
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

    Without REDIS_URL the settings run it eagerly, in this process, right after the commit.
    """
    from reports.tasks import report_render_task

    transaction.on_commit(lambda: report_render_task.delay(report_id))


def _set_progress(report_id: int, percent: int) -> None:
    Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(
        progress=max(0, min(int(percent), 99))
    )


def _fail(report_id: int, message: str, *, from_status: str = ReportStatus.RUNNING) -> bool:
    """Mark a job failed with `message`; False when it was not in `from_status`."""
    return bool(
        Report.objects.filter(pk=report_id, status=from_status).update(
            status=ReportStatus.FAILED, error=message[:2000], finished_at=timezone.now()
        )
    )


def report_render(*, report_id: int, deadline: float | None = None) -> Report | None:
    """Render one queued job; None when there is nothing to do (already claimed or finished).

    1. Claim: `queued → running` by a conditional update; if no row changed, stop.
    2. Build the context, render the PDF (progress 5–85 %, aim by aim) and the workbook.
       `deadline` (a `time.monotonic()` value) is checked between the steps; passing it, or a
       Celery soft time limit, ends the job `failed` with a message.
    3. Store both files (every generated file is kept) and the data checksum; `done`.

    Transient database errors put the job back to `queued` and propagate, so that the task
    can retry it; domain and unexpected errors end it `failed` and do not propagate. Runs in
    the site's language and time zone, whoever enqueued it.
    """
    claimed = Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
        status=ReportStatus.RUNNING, started_at=timezone.now(), progress=1, error=""
    )
    if not claimed:
        logger.info("report %s: not queued, nothing to do", report_id)
        return None
    with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        _render_claimed(report_id, deadline)
    report = Report.objects.get(pk=report_id)
    _record(report, "rendered")
    return report


def _render_claimed(report_id: int, deadline: float | None) -> None:
    def progress(percent: int) -> None:
        if deadline is not None and time.monotonic() > deadline:
            raise ReportTimeout(_timeout_message())
        _set_progress(report_id, percent)

    try:
        report = Report.objects.select_related("plan").get(pk=report_id)
        data = report_data(report.plan, report.kind, report.year, report.half)
        progress(5)
        pdf = render_pdf(data, progress=_scaled(progress, 5, 85))
        xlsx = render_xlsx(data)
        progress(95)
        checksum = data_checksum(data)
        report.pdf.save(pdf.filename, ContentFile(pdf.content), save=False)
        report.xlsx.save(xlsx.filename, ContentFile(xlsx.content), save=False)
        finished = Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(
            status=ReportStatus.DONE,
            progress=100,
            pdf=report.pdf.name,
            xlsx=report.xlsx.name,
            checksum=checksum,
            finished_at=timezone.now(),
        )
        if not finished:  # marked failed meanwhile (the stale sweep): keep its verdict
            logger.warning("report %s finished after it was marked failed", report_id)
    except ReportError as exc:
        _fail(report_id, str(exc))
    except SoftTimeLimitExceeded:
        _fail(report_id, _timeout_message())
    except TRANSIENT_ERRORS:
        try:
            Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(
                status=ReportStatus.QUEUED, progress=0
            )
        except DatabaseError:  # still down: the stale sweep will end it
            logger.exception("report %s: could not put the job back in the queue", report_id)
        raise
    except Exception as exc:
        logger.exception("report %s failed", report_id)
        _fail(
            report_id,
            _("The report could not be rendered (%(error)s). Tell the system administrator.")
            % {"error": f"{type(exc).__name__}: {exc}"[:500]},
        )


def report_fail(*, report_id: int, message: str) -> bool:
    """End a queued or running job `failed` (e.g. retries exhausted); True if it changed."""
    return _fail(report_id, message) or _fail(report_id, message, from_status=ReportStatus.QUEUED)


def _scaled(progress: Callable[[int], None], lo: int, hi: int) -> Callable[[int], None]:
    """A progress callback taking 0–100 and reporting lo–hi."""
    return lambda percent: progress(lo + (hi - lo) * percent // 100)


def _record(report: Report, reason: str) -> None:
    """A history entry for a status moved by a conditional update (which records none):
    re-saving the status just read writes nothing new and records the row as it is."""
    report._change_reason = reason
    report.save(update_fields=["status"])


@transaction.atomic
def report_publish(*, report: Report, user: object, published: bool = True) -> Report:
    """Publish a finished report to council members, or take it back (`published=False`)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if published and report.status != ReportStatus.DONE:
        raise ReportError(_("Only a finished report can be published."))
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
    return report


def reports_fail_stale(*, now: dt.datetime | None = None) -> int:
    """Mark failed the jobs running for longer than the hard time limit (their worker died);
    returns how many. Called when the archive page loads and by `report_sweep_task`."""
    _soft, hard = time_limits()
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=hard + 60)
    return Report.objects.filter(status=ReportStatus.RUNNING, started_at__lt=cutoff).update(
        status=ReportStatus.FAILED,
        error=_(
            "The report job stopped without finishing (its worker was stopped or passed the "
            "time limit). Ask for the report again."
        ),
        finished_at=timezone.now(),
    )
