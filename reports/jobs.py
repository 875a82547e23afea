"""Running a report job: claim it, render PDF and Excel, store them; end it failed otherwise.

    report_render       run one job (the body of `reports.tasks.report_render_task`)
    report_fail         end a queued or running job failed (retries exhausted)
    reports_fail_stale  mark failed the jobs that died while running (worker killed)

A job runs at most once: `report_render` claims the row with a conditional update
(`queued → running`), so a second delivery of the same task finds nothing to do. A job never
stays `running`: a domain error, the time limit or any unexpected error ends it `failed` with
a message; a worker killed outright is caught by `reports_fail_stale`.

The tasks import this module and `reports.services` imports the tasks (to enqueue), so that
the imports run one way: services → tasks → jobs.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports.models import Report, ReportStatus
from reports.rendering import data_checksum, report_data
from reports.rendering.pdf import render_pdf
from reports.rendering.xlsx import render_xlsx

__all__ = [
    "TRANSIENT_ERRORS",
    "ReportError",
    "ReportTimeout",
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


def time_limits() -> tuple[int, int]:
    """(soft, hard) time limits of a report job, in seconds (Celery settings)."""
    return settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT


def _timeout_message() -> str:
    return _(
        "The report could not be finished within its time limit. "
        "Try again later; if it fails again, tell the system administrator."
    )


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
