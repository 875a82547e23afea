"""A real Celery worker over Redis renders a report, from the page's button to the download.

Skipped without REDIS_URL and PostgreSQL (the `celery_worker_process` fixture says why); CI
runs it. Locally:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/karsplan_reports
REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python -m pytest tests/reports/test_report_worker.py
"""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from goals.models import Plan
from goals.permissions import ROLE_GROUPS, STRATEGY_GROUP
from reports.models import Report, ReportStatus
from reports.tasks import report_render_task
from tests.conftest import make_user
from tests.reports.report_data import fill_period, pdf_pages

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def wait_until_finished(report: Report, seconds: float = 180) -> list[int]:
    """Poll the row as the page does; returns the progress values seen while it ran."""
    seen = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if not report.is_active:
            return seen
        if report.status == ReportStatus.RUNNING:
            seen.append(report.progress)
        time.sleep(0.2)
    raise AssertionError(f"report {report.pk} still {report.status} after {seconds} s")


@pytest.fixture
def strategy(db):
    for name in ROLE_GROUPS:  # a transactional test before this one may have flushed them
        Group.objects.get_or_create(name=name)
    return make_user("strateji-worker", STRATEGY_GROUP)


@pytest.fixture
def filled(plan: Plan) -> Plan:
    fill_period(plan, 2025, 1)
    fill_period(plan, 2025, 2)
    return plan


def test_a_real_worker_renders_the_report_asked_for_on_the_page(
    celery_worker_process, client, strategy, filled: Plan
):
    client.force_login(strategy)
    response = client.post(
        reverse("archive:generate"), {"plan": filled.pk, "kind": "degerlendirme", "year": 2025}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    try:
        wait_until_finished(report)
        assert report.status == ReportStatus.DONE, report.error
        assert report.progress == 100
        assert report.checksum
        response = client.get(reverse("archive:pdf", args=[report.pk]))
        assert response.status_code == 200
        pages = pdf_pages(b"".join(response.streaming_content))
        assert "Stratejik Plan İzleme ve Değerlendirme Raporu" in pages[0]
        assert f"Sayfa 2 / {len(pages)}" in pages[1]
        # The same job delivered again (acks_late, a retry) does nothing.
        assert report_render_task.delay(report.pk).get(timeout=60) is None
    finally:
        report.refresh_from_db()
        for stored in (report.pdf, report.xlsx):  # the worker wrote to the real MEDIA_ROOT
            if stored:
                stored.delete(save=False)


def test_a_job_past_its_time_limit_ends_failed_and_never_stays_running(
    celery_worker_process, filled: Plan
):
    report = Report.objects.create(plan=filled, kind="degerlendirme", year=2025, half=2)
    result = report_render_task.apply_async(args=[report.pk], soft_time_limit=0.2, time_limit=60)
    assert result.get(timeout=120) == ReportStatus.FAILED
    wait_until_finished(report)
    assert report.status == ReportStatus.FAILED
    assert "süre sınırı içinde tamamlanamadı" in report.error
    assert not report.pdf
