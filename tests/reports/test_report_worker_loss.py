"""Report jobs end, or can be retried, when the broker or the worker fails (real Redis,
real Celery workers, PostgreSQL; skipped without them, like test_report_worker.py).

- the broker unreachable: "Oluştur" answers at once (no 500) and the job ends `failed`;
- the pool process killed mid-render: the message is re-delivered and the job renders;
- the whole worker killed mid-render: its heartbeat stops and the sweep ends the job within
  2 minutes; asking again renders.

Locally: DATABASE_URL=postgres://postgres@127.0.0.1:5432/karsplan_x REDIS_URL=redis://127.0.0.1:6379/14
.venv/bin/python -m pytest tests/reports/test_report_worker_loss.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from goals.models import Plan
from reports import jobs
from reports.models import Report, ReportStatus
from reports.tasks import report_render_task
from tests.reports import test_report_worker as base

strategy = base.strategy  # the fixtures of the worker test
filled = base.filled
wait_until_finished = base.wait_until_finished

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
LOSS_QUEUE = "reports_loss_test"


def _env(**extra: str) -> dict[str, str]:
    """The environment of a process sharing this test database."""
    url = urlsplit(os.environ["DATABASE_URL"])
    db_url = urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "karsplan.settings",
        **extra,
    }


def _start_worker(pool: str, **env: str) -> subprocess.Popen:
    """A worker of its own on LOSS_QUEUE (so that killing it touches no other test)."""
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and PostgreSQL: the real Celery worker tests run in CI")
    log = ROOT / "test-artifacts" / f"celery-loss-{pool}.log"
    log.parent.mkdir(exist_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "karsplan", "worker", "-Q", LOSS_QUEUE]
        + [f"--pool={pool}", "--concurrency=1", "--loglevel=INFO", "--without-gossip"]
        + ["--without-mingle", f"--hostname=karsplan-loss-{pool}@%h"],
        env=_env(**env),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    from karsplan.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"worker exited; see {log}"
        if app.control.ping(destination=[f"karsplan-loss-{pool}@{socket.gethostname()}"]):
            return proc
        time.sleep(0.3)
    proc.kill()
    raise AssertionError("the worker did not answer within 60 s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=20)


def _wait_for(report: Report, predicate, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if predicate(report):
            return
        time.sleep(0.1)
    raise AssertionError(f"report {report.pk}: {report.status}, {report.heartbeat_at}")


def _delete_files(report: Report) -> None:
    report.refresh_from_db()
    for stored in (report.pdf, report.xlsx):  # a worker wrote to the real MEDIA_ROOT
        if stored:
            stored.delete(save=False)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again on leaving: nothing listens there


WEB_REQUEST = textwrap.dedent(
    """
    import json, sys, time
    import django
    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client
    from django.test.utils import setup_test_environment
    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(username=sys.argv[1]))
    start = time.monotonic()
    response = client.post("/reports/archive/generate/", json.loads(sys.argv[2]))
    seconds = time.monotonic() - start
    page = client.get(response["Location"]).content.decode() if response.status_code == 302 else ""
    print(json.dumps({"status": response.status_code, "seconds": seconds, "page": page}))
    """
)


def test_with_the_broker_down_the_job_ends_failed_and_a_retry_renders(
    celery_worker_process, client, strategy, filled: Plan
):
    form = {"plan": filled.pk, "kind": "izleme", "year": 2025, "period": 1}
    # A web process whose REDIS_URL points at a closed port (the broker is down).
    down = subprocess.run(
        [sys.executable, "-c", WEB_REQUEST, strategy.username, json.dumps(form)],
        env=_env(REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/14"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    answer = json.loads(down.stdout.strip().splitlines()[-1])
    assert answer["status"] == 302, down.stderr[-3000:]
    assert answer["seconds"] < 10  # not 20 s
    print(f"broker down: answered {answer['status']} in {answer['seconds']:.2f} s")
    assert "Rapor sıraya alınamadı" in answer["page"]
    failed = Report.objects.get()
    assert failed.status == ReportStatus.FAILED
    assert "iş kuyruğuna (Redis) ulaşılamıyor" in failed.error
    # The broker is back (this process's REDIS_URL): asking again renders.
    client.force_login(strategy)
    assert client.post(reverse("archive:generate"), form).status_code == 302
    retry = Report.objects.exclude(pk=failed.pk).get()
    try:
        wait_until_finished(retry, seconds=120)
        assert retry.status == ReportStatus.DONE, retry.error
    finally:
        _delete_files(retry)


def test_a_killed_pool_process_is_replaced_and_the_job_re_delivered(filled: Plan):
    worker = _start_worker("prefork", REPORTS_TEST_PAUSE="3", REPORTS_HEARTBEAT_SECONDS="1")
    report = Report.objects.create(plan=filled, kind="izleme", year=2025, half=1)
    try:
        report_render_task.apply_async(args=[report.pk], queue=LOSS_QUEUE, ignore_result=True)
        _wait_for(report, lambda r: r.status == ReportStatus.RUNNING)
        children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
        assert len(children) == 1
        os.kill(int(children[0]), signal.SIGKILL)  # mid-render: it sleeps 3 s after its claim
        killed = time.monotonic()
        _wait_for(report, lambda r: r.status == ReportStatus.DONE, seconds=90)
        assert report.attempts == 2  # claimed again by the re-delivered message
        assert time.monotonic() - killed < 60
        print(f"pool process killed: rendered again in {time.monotonic() - killed:.1f} s")
    finally:
        _stop(worker)
        _delete_files(report)


def test_a_killed_worker_is_detected_within_2_minutes_and_a_retry_renders(
    celery_worker_process, client, strategy, filled: Plan
):
    assert settings.REPORTS_STALE_SECONDS + 30 <= 120  # silence bound + beat's sweep interval
    worker = _start_worker("solo", REPORTS_TEST_PAUSE="60", REPORTS_HEARTBEAT_SECONDS="1")
    report = Report.objects.create(plan=filled, kind="izleme", year=2025, half=1)
    try:
        report_render_task.apply_async(args=[report.pk], queue=LOSS_QUEUE, ignore_result=True)
        _wait_for(report, lambda r: r.status == ReportStatus.RUNNING)
        first_beat = report.heartbeat_at
        _wait_for(report, lambda r: r.heartbeat_at > first_beat)  # the heartbeat runs
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        report.refresh_from_db()
        last_beat = report.heartbeat_at
        time.sleep(2.5)
        report.refresh_from_db()
        assert report.heartbeat_at == last_beat  # silent now
        assert jobs.reports_fail_stale() == 0  # not yet: the bound is not passed
        # Beat sweeps every 30 s: at the latest this long after the last heartbeat.
        sweep_at = last_beat + dt.timedelta(seconds=settings.REPORTS_STALE_SECONDS + 30)
        assert jobs.reports_fail_stale(now=sweep_at) == 1
        report.refresh_from_db()
        assert report.status == ReportStatus.FAILED
        assert "tamamlanmadan durdu" in report.error
    finally:
        _stop(worker)
    client.force_login(strategy)
    form = {"plan": filled.pk, "kind": "izleme", "year": 2025, "period": 1}
    assert client.post(reverse("archive:generate"), form).status_code == 302
    retry = Report.objects.exclude(pk=report.pk).get()
    try:
        wait_until_finished(retry, seconds=120)
        assert retry.status == ReportStatus.DONE, retry.error
    finally:
        _delete_files(retry)
