"""Running a report job: claim it, render PDF, Excel and Word, store them; end it failed otherwise.

    report_render       run one job (the body of `reports.tasks.report_render_task`)
    heartbeat           while rendering, write `heartbeat_at` every few seconds (a thread)
    report_fail         end a queued or running job failed (retries exhausted, not enqueued)
    reports_fail_stale  the sweep: end the jobs that no worker runs any more

A job runs at most once at a time: `report_render` claims the row with a conditional update
(`queued → running`), so a second delivery of the same task finds nothing to do. Only a
re-delivered message (its worker died: `reject_on_worker_lost`, or Redis' visibility timeout)
may claim a `running` row again, at most REPORTS_MAX_ATTEMPTS times. A job never stays
`running` or `queued`: a domain error, the time limit or any unexpected error ends it `failed`
with a message; a worker killed outright stops the heartbeat and the sweep ends the job
(docs/reports.md, "Jobs that fail").

The tasks import this module and `reports.services` imports the tasks (to enqueue), so that
the imports run one way: services → tasks → jobs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterator

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports.models import Report, ReportStatus
from reports.rendering import data_checksum, report_data
from reports.rendering.docx import render_docx
from reports.rendering.pdf import render_pdf
from reports.rendering.xlsx import render_xlsx

__all__ = [
    "TRANSIENT_ERRORS",
    "ReportError",
    "ReportTimeout",
    "heartbeat",
    "report_fail",
    "report_render",
    "reports_fail_stale",
    "time_limits",
]

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError)
"""Errors worth a retry: the database went away or timed out."""


class ReportError(Exception):
    """A domain error, shown to the user as is (Turkish)."""


class ReportTimeout(ReportError):
    """The job passed its time limit."""


class ReportGone(Exception):
    """The job was ended meanwhile (cancelled, or swept as dead): stop rendering it."""


def time_limits() -> tuple[int, int]:
    """(soft, hard) time limits of a report job, in seconds (Celery settings)."""
    return settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT


def _timeout_message() -> str:
    return _(
        "The report could not be finished within its time limit. "
        "Try again later; if it fails again, tell the system administrator."
    )


def _set_progress(report_id: int, percent: int) -> None:
    """Record progress (and a heartbeat); ReportGone when the job is no longer running."""
    if not Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(
        progress=max(0, min(int(percent), 99)), heartbeat_at=timezone.now()
    ):
        raise ReportGone(report_id)


@contextlib.contextmanager
def heartbeat(report_id: int, interval: float | None = None) -> Iterator[None]:
    """Write the running job's `heartbeat_at` every `interval` seconds from a thread, while
    the block runs. A killed worker stops beating, and the sweep ends the job. Needs a
    database the thread can share (PostgreSQL); the eager mode does not use it."""
    interval = interval or settings.REPORTS_HEARTBEAT_SECONDS
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(interval):
                try:
                    Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:
                    logger.warning("report %s: heartbeat not written", report_id, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"report-{report_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def _fail(report_id: int, message: str, *, from_status: str = ReportStatus.RUNNING) -> bool:
    """Mark a job failed with `message`; False when it was not in `from_status`."""
    return bool(
        Report.objects.filter(pk=report_id, status=from_status).update(
            status=ReportStatus.FAILED, error=message[:2000], finished_at=timezone.now()
        )
    )


def report_render(
    *, report_id: int, deadline: float | None = None, redelivered: bool = False
) -> Report | None:
    """Render one queued job; None when there is nothing to do (already claimed or finished).

    1. Claim: `queued → running` by a conditional update; if no row changed, stop. A
       `redelivered` message (its worker died mid-render) also claims a `running` row, unless
       it was claimed REPORTS_MAX_ATTEMPTS times already: then the job ends `failed`.
    2. Build the context, render the PDF (progress 5–85 %, aim by aim) and the workbook.
       `deadline` (a `time.monotonic()` value) is checked between the steps; passing it, or a
       Celery soft time limit, ends the job `failed` with a message.
    3. Store both files (every generated file is kept) and the data checksum; `done`.

    Transient database errors put the job back to `queued` and propagate, so that the task
    can retry it; domain and unexpected errors end it `failed` and do not propagate. Runs in
    the site's language and time zone, whoever enqueued it.
    """
    max_attempts = settings.REPORTS_MAX_ATTEMPTS
    claimable = Q(status=ReportStatus.QUEUED)
    if redelivered:
        claimable |= Q(status=ReportStatus.RUNNING, attempts__lt=max_attempts)
    now = timezone.now()
    claimed = Report.objects.filter(claimable, pk=report_id).update(
        status=ReportStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        progress=1,
        error="",
        attempts=F("attempts") + 1,
    )
    if not claimed:
        if redelivered and report_fail(
            report_id=report_id,
            message=_(
                "The report job stopped its worker %(count)s times and was not tried again. "
                "Tell the system administrator."
            )
            % {"count": max_attempts},
            reason="failed",
        ):
            return Report.objects.get(pk=report_id)
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
        if settings.REPORTS_TEST_PAUSE:  # test only: a render slow enough to be killed
            time.sleep(settings.REPORTS_TEST_PAUSE)
        report = Report.objects.select_related("plan", "requested_by").get(pk=report_id)
        data = report_data(
            report.plan,
            report.kind,
            report.year,
            report.half,
            prepared_by=_preparer(report),
        )
        progress(5)
        pdf = render_pdf(data, progress=_scaled(progress, 5, 85))
        xlsx = render_xlsx(data)
        progress(90)
        docx = render_docx(data)
        progress(95)
        checksum = data_checksum(data)
        report.pdf.save(pdf.filename, ContentFile(pdf.content), save=False)
        report.xlsx.save(xlsx.filename, ContentFile(xlsx.content), save=False)
        report.docx.save(docx.filename, ContentFile(docx.content), save=False)
        finished = Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(
            status=ReportStatus.DONE,
            progress=100,
            pdf=report.pdf.name,
            xlsx=report.xlsx.name,
            docx=report.docx.name,
            unapproved_figures=data.unapproved_count,
            checksum=checksum,
            finished_at=timezone.now(),
        )
        if not finished:  # cancelled or swept meanwhile: keep that verdict
            logger.warning("report %s finished after it was marked failed", report_id)
    except ReportGone:
        logger.warning("report %s was ended while it rendered (cancelled or swept)", report_id)
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


def _preparer(report: Report) -> str:
    """The cover's "Hazırlayan": the name of the user who asked for the report."""
    user = report.requested_by
    if user is None:
        return ""
    return user.get_full_name() or user.username


def report_fail(*, report_id: int, message: str, reason: str = "", user: object = None) -> bool:
    """End a queued or running job `failed` (retries exhausted, not enqueued, cancelled);
    True if it changed. With `reason`, a history entry records it (by `user`)."""
    changed = _fail(report_id, message) or _fail(
        report_id, message, from_status=ReportStatus.QUEUED
    )
    if changed and reason:
        report = Report.objects.get(pk=report_id)
        report._history_user = user if getattr(user, "is_authenticated", False) else None
        _record(report, reason)
    return changed


def _scaled(progress: Callable[[int], None], lo: int, hi: int) -> Callable[[int], None]:
    """A progress callback taking 0–100 and reporting lo–hi."""
    return lambda percent: progress(lo + (hi - lo) * percent // 100)


def _record(report: Report, reason: str) -> None:
    """A history entry for a status moved by a conditional update (which records none):
    re-saving the status just read writes nothing new and records the row as it is."""
    report._change_reason = reason
    report.save(update_fields=["status"])


def reports_fail_stale(*, now: dt.datetime | None = None) -> int:
    """The sweep: end `failed` the jobs no worker runs any more; returns how many.

    - `running` with no heartbeat for REPORTS_STALE_SECONDS: its worker died (killed, out of
      memory, the machine restarted);
    - `running` for longer than the hard time limit (+1 min);
    - `queued` for REPORTS_QUEUE_TIMEOUT: no worker took it (none running, or the message lost).

    A message re-delivered later finds the row failed and does nothing. Called by
    `report_sweep_task` (celery beat, every 30 s), when a report is asked for, when the archive
    page loads, and by `manage.py reports_sweep`.
    """
    now = now or timezone.now()
    _soft, hard = time_limits()
    silent_since = now - dt.timedelta(seconds=settings.REPORTS_STALE_SECONDS)
    stopped = _(
        "The report job stopped without finishing (its worker was stopped or passed the "
        "time limit). Ask for the report again."
    )
    rules = [
        (
            Q(status=ReportStatus.RUNNING)
            & (
                Q(started_at__lt=now - dt.timedelta(seconds=hard + 60))
                | Q(heartbeat_at__lt=silent_since)
                | Q(heartbeat_at__isnull=True, started_at__lt=silent_since)
            ),
            stopped,
        ),
        (
            Q(
                status=ReportStatus.QUEUED,
                requested_at__lt=now - dt.timedelta(seconds=settings.REPORTS_QUEUE_TIMEOUT),
            ),
            _(
                "No worker took the report job within %(minutes)s minutes (is the Celery "
                "worker running?). Ask for the report again; if it fails again, tell the "
                "system administrator."
            )
            % {"minutes": settings.REPORTS_QUEUE_TIMEOUT // 60},
        ),
    ]
    count = 0
    for condition, message in rules:
        for report_id in list(Report.objects.filter(condition).values_list("pk", flat=True)):
            # The same condition again: a job that beat meanwhile is left alone.
            if Report.objects.filter(condition, pk=report_id).update(
                status=ReportStatus.FAILED, error=message[:2000], finished_at=timezone.now()
            ):
                _record(Report.objects.get(pk=report_id), "swept")
                logger.warning("report %s: job swept as dead (%s)", report_id, message[:40])
                count += 1
    return count
