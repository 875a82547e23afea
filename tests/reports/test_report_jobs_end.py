"""Report jobs always end or can be retried: the sweep, a broker that is down, cancelling,
re-delivery after a lost worker (docs/reports.md, "Jobs that fail")."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from goals.models import Plan
from reports import jobs, services
from reports.models import Report, ReportStatus
from reports.tasks import report_render_task
from tests.reports.report_data import eager_fixture, filled_plan_fixture, media_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def job(plan: Plan, status: str, *, half: int = 1, **times) -> Report:
    return Report.objects.create(
        plan=plan, kind="izleme", year=2025, half=half, status=status, **times
    )


def ago(seconds: float) -> dt.datetime:
    return NOW - dt.timedelta(seconds=seconds)


def test_the_sweep_ends_a_running_job_whose_heartbeat_stopped(filled_plan, settings):
    settings.REPORTS_STALE_SECONDS = 75
    dead = job(filled_plan, ReportStatus.RUNNING, started_at=ago(100), heartbeat_at=ago(80))
    alive = job(
        filled_plan, ReportStatus.RUNNING, half=2, started_at=ago(600), heartbeat_at=ago(10)
    )
    assert jobs.reports_fail_stale(now=NOW) == 1
    dead.refresh_from_db()
    assert dead.status == ReportStatus.FAILED
    assert "tamamlanmadan durdu" in dead.error
    assert dead.history.first().history_change_reason == "swept"
    assert Report.objects.get(pk=alive.pk).status == ReportStatus.RUNNING


def test_a_running_job_without_heartbeat_is_judged_by_its_start(filled_plan, settings):
    settings.REPORTS_STALE_SECONDS = 75
    old = job(filled_plan, ReportStatus.RUNNING, started_at=ago(76))
    young = job(filled_plan, ReportStatus.RUNNING, half=2, started_at=ago(30))
    assert jobs.reports_fail_stale(now=NOW) == 1
    assert Report.objects.get(pk=old.pk).status == ReportStatus.FAILED
    assert Report.objects.get(pk=young.pk).status == ReportStatus.RUNNING


def test_the_sweep_ends_a_queued_job_no_worker_took(filled_plan, settings):
    settings.REPORTS_QUEUE_TIMEOUT = 900
    lost = job(filled_plan, ReportStatus.QUEUED, requested_at=ago(901))
    waiting = job(filled_plan, ReportStatus.QUEUED, half=2, requested_at=ago(60))
    assert jobs.reports_fail_stale(now=NOW) == 1
    lost.refresh_from_db()
    assert lost.status == ReportStatus.FAILED
    assert "15 dakika içinde hiçbir çalışan" in lost.error
    assert Report.objects.get(pk=waiting.pk).status == ReportStatus.QUEUED
    # A message delivered after all finds the job ended and does nothing.
    with mock.patch.object(jobs, "render_pdf") as render:
        assert jobs.report_render(report_id=lost.pk) is None
    render.assert_not_called()


def test_the_sweep_command_runs_the_sweep(filled_plan, capsys):
    job(filled_plan, ReportStatus.QUEUED, requested_at=ago(86400))
    call_command("reports_sweep")
    assert "1" in capsys.readouterr().out
    assert Report.objects.get().status == ReportStatus.FAILED


def test_a_dead_job_never_blocks_a_new_request(filled_plan, strategy_user, media):
    dead = job(filled_plan, ReportStatus.RUNNING, started_at=ago(3600), heartbeat_at=ago(3600))
    report, queued = services.report_request(
        plan=filled_plan, kind="izleme", year=2025, half=1, user=strategy_user
    )
    assert queued and report.pk != dead.pk
    assert Report.objects.get(pk=dead.pk).status == ReportStatus.FAILED


def test_a_job_that_cannot_be_sent_ends_failed_and_the_page_says_why(
    client, strategy_user, filled_plan, media, django_capture_on_commit_callbacks
):
    client.force_login(strategy_user)
    broker_down = BrokerError("Error 111 connecting to 127.0.0.1:1. Connection refused.")
    with (
        mock.patch.object(report_render_task, "apply_async", side_effect=broker_down),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("archive:generate"),
            {"plan": filled_plan.pk, "kind": "izleme", "year": 2025, "period": 1},
        )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.status == ReportStatus.FAILED
    assert "iş kuyruğuna (Redis) ulaşılamıyor" in report.error
    html = client.get(response["Location"]).content.decode()
    assert "Rapor sıraya alınamadı" in html
    assert report.history.first().history_change_reason == "failed"


def test_the_strategy_office_cancels_a_job_and_asks_again(
    client, strategy_user, filled_plan, media, eager, django_capture_on_commit_callbacks
):
    running = job(filled_plan, ReportStatus.RUNNING, started_at=timezone.now())
    running.heartbeat_at = timezone.now()
    running.save()
    client.force_login(strategy_user)
    html = client.get(reverse("archive:list")).content.decode()
    assert reverse("archive:cancel", args=[running.pk]) in html
    assert "İşi iptal et" in html
    response = client.post(reverse("archive:cancel", args=[running.pk]), follow=True)
    assert "iş iptal edildi" in response.content.decode()
    running.refresh_from_db()
    assert running.status == ReportStatus.FAILED
    assert running.error.endswith("tarafından iptal edildi.")
    entry = running.history.first()
    assert (entry.history_change_reason, entry.history_user) == ("cancelled", strategy_user)
    # Cancelling again says it had ended; a new request renders.
    again = client.post(reverse("archive:cancel", args=[running.pk]), follow=True)
    assert "iş zaten sona ermişti" in again.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("archive:generate"),
            {"plan": filled_plan.pk, "kind": "izleme", "year": 2025, "period": 1},
        )
    assert Report.objects.exclude(pk=running.pk).get().status == ReportStatus.DONE


def test_a_cancelled_job_stops_rendering_at_its_next_step(filled_plan, media):
    queued = job(filled_plan, ReportStatus.QUEUED)

    with mock.patch.object(jobs, "_set_progress", side_effect=jobs.ReportGone(queued.pk)):
        jobs.report_render(report_id=queued.pk)
    queued.refresh_from_db()
    assert queued.status == ReportStatus.RUNNING  # as the (mocked) canceller left it: untouched
    assert not queued.pdf


def test_a_redelivered_message_renders_a_job_its_dead_worker_left_running(filled_plan, media):
    left = job(filled_plan, ReportStatus.RUNNING, started_at=ago(5), heartbeat_at=ago(5))
    left.attempts = 1
    left.save()
    assert jobs.report_render(report_id=left.pk) is None  # an ordinary duplicate: nothing
    report = jobs.report_render(report_id=left.pk, redelivered=True)
    assert (report.status, report.attempts) == (ReportStatus.DONE, 2), report.error


def test_a_job_that_keeps_killing_its_worker_ends_failed(filled_plan, settings):
    settings.REPORTS_MAX_ATTEMPTS = 3
    poison = job(filled_plan, ReportStatus.RUNNING, started_at=ago(5))
    poison.attempts = 3
    poison.save()
    report = jobs.report_render(report_id=poison.pk, redelivered=True)
    assert report.status == ReportStatus.FAILED
    assert "3 kez durdurdu" in report.error


def test_a_job_still_queued_after_a_minute_is_sent_again_when_asked_again(
    filled_plan, strategy_user, media, django_capture_on_commit_callbacks
):
    """Its message may be lost (the compose Redis keeps nothing across a restart): asking
    again sends it again instead of answering "already being prepared" for 15 minutes."""
    lost = job(
        filled_plan, ReportStatus.QUEUED, requested_at=timezone.now() - dt.timedelta(minutes=2)
    )
    with (
        mock.patch.object(report_render_task, "apply_async") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        report, queued = services.report_request(
            plan=filled_plan, kind="izleme", year=2025, half=1, user=strategy_user
        )
    assert report.pk == lost.pk and not queued
    send.assert_called_once_with(args=[lost.pk], ignore_result=True)
    fresh = job(filled_plan, ReportStatus.QUEUED, half=2)
    with (
        mock.patch.object(report_render_task, "apply_async") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        report, queued = services.report_request(
            plan=filled_plan, kind="izleme", year=2025, half=2, user=strategy_user
        )
    assert report.pk == fresh.pk and not send.called  # just asked for: not sent twice
