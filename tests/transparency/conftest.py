"""A small plan with public pages on, approved values in one target, unapproved values in
another, and a report of 2025-H1 published (which freezes the public figures)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile

from goals.models import Plan
from indicators.models import Actual, Evidence, SubmissionStatus
from reports.models import Report, ReportStatus
from reports.services import report_publish
from tests.reports.test_results import enter, set_status

PERSONAL = ("Selin", "Ayşe", "Yılmaz", "strateji", "kanit.pdf", "/media/", "ölçüm defteri")
"""Strings that must never reach a public page, CSV or JSON: the names of the users who
publish and enter, a name in an explanation, an evidence file, media paths."""


def finished_report(plan: Plan, year: int = 2025, half: int = 1) -> Report:
    report = Report(plan=plan, kind="izleme", year=year, half=half, status=ReportStatus.DONE)
    report.pdf.save(f"izleme-{year}-h{half}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    report.xlsx.save(f"izleme-{year}-h{half}.xlsx", ContentFile(b"PK\x03\x04"), save=False)
    report.save()
    return report


@pytest.fixture(autouse=True)
def empty_cache():
    """The public pages are cached: every test starts with an empty cache."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class Public:
    plan: Plan
    report: Report
    approved: list  # indicators of the approved target
    pending: list  # indicators of the target whose values are only submitted
    strategy: object


@pytest.fixture
def public(db, small_plan, target, other_target, staff_user, strategy_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = small_plan
    plan.public_pages = True
    plan.save()
    approved = list(target.indicators.order_by("order"))
    pending = list(other_target.indicators.order_by("order"))
    first = enter(approved[0], 2025, 1, "30", explanation="Ayşe Yılmaz ölçüm defteri")
    enter(approved[2], 2025, 1, "12")
    Evidence.objects.create(
        actual=first,
        original_name="kanit.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by=staff_user,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="kanit.pdf"),
    )
    set_status(target, 2025, 1, SubmissionStatus.APPROVED)
    enter(pending[0], 2025, 1, "35")
    set_status(other_target, 2025, 1, SubmissionStatus.SUBMITTED)
    report = report_publish(report=finished_report(plan), user=strategy_user)
    assert Actual.objects.count() == 3
    return Public(plan, report, approved, pending, strategy_user)
