"""The report jobs: request, render once, fail cleanly, publish; the task around them."""

from __future__ import annotations

import datetime as dt
import time
from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError
from django.utils import timezone

from goals.models import Plan
from indicators.models import TargetReview
from reports import jobs, services
from reports.models import Report, ReportKind, ReportStatus
from reports.rendering.context import QUERIES
from reports.tasks import REPORT_MAX_RETRIES, report_render_task
from tests.reports.report_data import filled_plan_fixture, media_fixture, pdf_pages  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(filled_plan: Plan, strategy_user, media) -> Report:
    """A queued annual 2025 report (its job not run: on_commit does not fire in a test
    transaction)."""
    report, queued = services.report_request(
        plan=filled_plan, kind=ReportKind.EVALUATION, year=2025, half=2, user=strategy_user
    )
    assert queued
    return report


def test_a_request_queues_a_job_sent_after_commit(
    filled_plan: Plan,
    strategy_user,
    media,
    django_capture_on_commit_callbacks,
):
    with (
        mock.patch.object(report_render_task, "apply_async") as send,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        report, queued = services.report_request(
            plan=filled_plan, kind="izleme", year=2025, half=1, user=strategy_user
        )
    assert queued
    assert len(callbacks) == 1
    send.assert_called_once_with(args=[report.pk], ignore_result=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED
    assert report.requested_by == strategy_user
    assert (report.kind, report.year, report.half) == ("izleme", 2025, 1)


def test_the_annual_report_is_always_as_of_h2(queued: Report):
    assert queued.half == 2
    assert str(queued) == "Stratejik Plan İzleme ve Değerlendirme Raporu 2025 Yılı"


def test_rendering_stores_both_files_and_the_data_checksum(queued: Report):
    report = services.report_render(report_id=queued.pk)
    assert report.status == ReportStatus.DONE, report.error
    assert report.progress == 100
    assert report.error == ""
    assert report.started_at <= report.finished_at
    assert report.checksum == services.current_checksum(report.plan, report.kind, 2025, 2)
    with report.pdf.open("rb") as fh:
        assert "Sayfa 2 /" in pdf_pages(fh.read())[1]
    with report.xlsx.open("rb") as fh:
        assert fh.read(2) == b"PK"
    assert report.pdf.name.startswith("reports/2025/")
    assert report.pdf.name.endswith("-degerlendirme-2025.pdf")


def test_a_second_run_of_a_finished_job_does_nothing(queued: Report):
    services.report_render(report_id=queued.pk)
    done = Report.objects.get(pk=queued.pk)
    with mock.patch.object(jobs, "render_pdf") as render:
        assert services.report_render(report_id=queued.pk) is None
        assert report_render_task.apply(args=[queued.pk]).get() is None
    render.assert_not_called()
    again = Report.objects.get(pk=queued.pk)
    assert (again.status, again.pdf.name, again.finished_at) == (
        done.status,
        done.pdf.name,
        done.finished_at,
    )


def test_the_job_is_claimed_by_a_conditional_update(queued: Report):
    Report.objects.filter(pk=queued.pk).update(status=ReportStatus.RUNNING)  # another worker
    with mock.patch.object(jobs, "render_pdf") as render:
        assert services.report_render(report_id=queued.pk) is None
    render.assert_not_called()


def test_asking_again_for_unchanged_data_returns_the_archived_report(queued: Report, strategy_user):
    services.report_render(report_id=queued.pk)
    report, new = services.report_request(
        plan=queued.plan, kind=ReportKind.EVALUATION, year=2025, half=2, user=strategy_user
    )
    assert (report.pk, new) == (queued.pk, False)
    assert Report.objects.count() == 1


def test_changed_data_or_force_render_anew_and_keep_every_file(queued: Report, strategy_user):
    services.report_render(report_id=queued.pk)
    first = Report.objects.get(pk=queued.pk)
    review = TargetReview.objects.filter(period__year=2025, period__half=2).first()
    review.corrective_actions = "Yeni önlem: ihale takvimi öne çekilecek."
    review.save()
    second, new = services.report_request(
        plan=queued.plan, kind=ReportKind.EVALUATION, year=2025, half=2, user=strategy_user
    )
    assert new and second.pk != first.pk
    services.report_render(report_id=second.pk)
    third, new = services.report_request(
        plan=queued.plan,
        kind=ReportKind.EVALUATION,
        year=2025,
        half=2,
        user=strategy_user,
        force=True,
    )
    assert new and third.force
    services.report_render(report_id=third.pk)
    reports = list(Report.objects.order_by("pk"))
    assert [r.status for r in reports] == [ReportStatus.DONE] * 3
    assert len({r.pdf.name for r in reports}) == 3
    for r in reports:
        assert r.pdf.storage.exists(r.pdf.name) and r.xlsx.storage.exists(r.xlsx.name)
    assert reports[0].checksum != reports[1].checksum == reports[2].checksum


def test_a_job_still_queued_is_not_queued_twice(queued: Report, strategy_user):
    again, new = services.report_request(
        plan=queued.plan,
        kind=ReportKind.EVALUATION,
        year=2025,
        half=2,
        user=strategy_user,
        force=True,
    )
    assert (again.pk, new) == (queued.pk, False)


def test_a_request_outside_the_plan_is_a_domain_error(filled_plan: Plan, strategy_user):
    with pytest.raises(services.ReportError, match="2031 yılı planın dönemi"):
        services.report_request(
            plan=filled_plan, kind="izleme", year=2031, half=1, user=strategy_user
        )
    with pytest.raises(services.ReportError, match="Dönem H1 ya da H2"):
        services.report_request(
            plan=filled_plan, kind="izleme", year=2025, half=3, user=strategy_user
        )


def test_checking_the_data_takes_a_fixed_number_of_queries(
    filled_plan: Plan,
    strategy_user,
    django_assert_max_num_queries,
):
    # The context, then: lock the plan, sweep dead jobs (2), look for an archived and an active
    # job, check the foreign keys and the four check constraints (full_clean), insert the row
    # and its history.
    with django_assert_max_num_queries(QUERIES + 24):
        services.report_request(
            plan=filled_plan, kind="izleme", year=2025, half=2, user=strategy_user
        )


def test_passing_the_deadline_ends_the_job_failed_with_a_message(queued: Report):
    report = services.report_render(report_id=queued.pk, deadline=time.monotonic() - 1)
    assert report.status == ReportStatus.FAILED
    assert "süre sınırı" in report.error
    assert not report.pdf


def test_celery_soft_time_limit_ends_the_job_failed(queued: Report):
    with mock.patch.object(jobs, "render_pdf", side_effect=SoftTimeLimitExceeded()):
        report = services.report_render(report_id=queued.pk)
    assert report.status == ReportStatus.FAILED
    assert "süre sınırı" in report.error


def test_the_task_passes_its_soft_time_limit_as_a_deadline(queued: Report):
    """A solo or eager worker cannot interrupt a task: the deadline still ends it."""
    with mock.patch.object(report_render_task, "soft_time_limit", 0.000001):
        result = report_render_task.apply(args=[queued.pk])
    assert result.get() == ReportStatus.FAILED
    report = Report.objects.get(pk=queued.pk)
    assert report.status == ReportStatus.FAILED
    assert "süre sınırı" in report.error


def test_an_unexpected_error_ends_the_job_failed_and_is_shown(queued: Report):
    with mock.patch.object(jobs, "render_xlsx", side_effect=KeyError("A9")):
        report = services.report_render(report_id=queued.pk)
    assert report.status == ReportStatus.FAILED
    assert report.error.startswith("Rapor oluşturulamadı (KeyError: 'A9')")


def test_a_transient_database_error_puts_the_job_back_for_a_retry(queued: Report):
    with (
        mock.patch.object(jobs, "render_pdf", side_effect=OperationalError("gone")),
        pytest.raises(OperationalError),
    ):
        services.report_render(report_id=queued.pk)
    assert Report.objects.get(pk=queued.pk).status == ReportStatus.QUEUED


def test_the_task_retries_transient_errors_a_bounded_number_of_times(queued: Report):
    with mock.patch.object(jobs, "render_pdf", side_effect=OperationalError("gone")) as pdf:
        result = report_render_task.apply(args=[queued.pk])
    assert result.get() == ReportStatus.FAILED
    assert pdf.call_count == REPORT_MAX_RETRIES + 1
    report = Report.objects.get(pk=queued.pk)
    assert report.status == ReportStatus.FAILED
    assert "Veritabanına ulaşılamadı" in report.error


def test_the_task_renders_a_queued_report(queued: Report):
    assert report_render_task.apply(args=[queued.pk]).get() == ReportStatus.DONE


def test_a_job_running_longer_than_the_hard_limit_is_marked_failed(queued: Report, settings):
    settings.CELERY_TASK_TIME_LIMIT = 900
    Report.objects.filter(pk=queued.pk).update(
        status=ReportStatus.RUNNING, started_at=timezone.now() - dt.timedelta(seconds=1000)
    )
    fresh = Report.objects.create(
        plan=queued.plan,
        kind="izleme",
        year=2025,
        half=1,
        status=ReportStatus.RUNNING,
        started_at=timezone.now() - dt.timedelta(seconds=60),
    )
    assert services.reports_fail_stale() == 1
    stale = Report.objects.get(pk=queued.pk)
    assert stale.status == ReportStatus.FAILED
    assert "tamamlanmadan durdu" in stale.error
    assert Report.objects.get(pk=fresh.pk).status == ReportStatus.RUNNING


def test_publishing_needs_a_finished_report(queued: Report, strategy_user):
    with pytest.raises(services.ReportError, match="tamamlanmış"):
        services.report_publish(report=queued, user=strategy_user)
    services.report_render(report_id=queued.pk)
    report = services.report_publish(report=queued, user=strategy_user, confirm_unapproved=True)
    assert report.published and report.published_by == strategy_user
    assert report.history.first().history_change_reason == "published"
    report = services.report_publish(report=report, user=strategy_user, published=False)
    assert not report.published and report.published_at is None
