"""Celery tasks: thin wrappers that take keys and call one service."""

from __future__ import annotations

import contextlib
import socket
import time

from celery import Task, shared_task
from django.conf import settings
from django.utils.translation import gettext

from reports import jobs
from reports.models import ReportStatus, WorkerHeartbeat


@shared_task(name="reports.tasks.heartbeat_task", acks_late=True, soft_time_limit=25, time_limit=30)
def heartbeat_task(token: str) -> int:
    """Write a heartbeat row; returns its id. Idempotent for the same token."""
    beat, _ = WorkerHeartbeat.objects.get_or_create(
        token=token, defaults={"hostname": socket.gethostname()}
    )
    return beat.pk


REPORT_MAX_RETRIES = 3


@shared_task(
    name="reports.tasks.report_render_task",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    max_retries=REPORT_MAX_RETRIES,
)
def report_render_task(self: Task, report_id: int) -> str | None:
    """Render one Report (`jobs.report_render`); returns its status, None if nothing done.

    Idempotent: the service claims the row `queued → running`, so a second delivery (a retry,
    the same message sent twice) finds nothing to do. When the pool process dies mid-render,
    `reject_on_worker_lost` puts the message back and its re-delivery (`redelivered`) renders
    the job again; while it renders, a heartbeat thread shows the job alive (the sweep ends a
    silent one: a whole worker killed). Transient database errors are
    retried (at most REPORT_MAX_RETRIES times, backing off), then the job ends `failed`.
    The soft time limit is also enforced between the rendering steps (`deadline`), so that it
    holds in pools that cannot interrupt a task (solo, eager).
    """
    _hard, soft = self.request.timelimit or (None, None)
    soft = soft or self.soft_time_limit or jobs.time_limits()[0]
    deadline = time.monotonic() + float(soft)
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    beat = contextlib.nullcontext() if self.request.is_eager else jobs.heartbeat(report_id)
    try:
        with beat:
            report = jobs.report_render(
                report_id=report_id, deadline=deadline, redelivered=redelivered
            )
    except jobs.TRANSIENT_ERRORS as exc:
        if self.request.retries >= REPORT_MAX_RETRIES:
            jobs.report_fail(
                report_id=report_id,
                message=gettext("The database was not reachable; the report was not rendered."),
            )
            return ReportStatus.FAILED
        raise self.retry(exc=exc, countdown=5 * 2**self.request.retries)
    return report.status if report is not None else None


@shared_task(
    name="reports.tasks.report_sweep_task", acks_late=True, soft_time_limit=50, time_limit=60
)
def report_sweep_task() -> int:
    """End the report jobs no worker runs any more (`jobs.reports_fail_stale`; celery beat)."""
    return jobs.reports_fail_stale()
