"""Writes of the public pages: freezing a published period's figures, turning the pages on.

    snapshot_take      store the open data of a report's period as published (`PublishedFigures`)
    public_pages_set   turn a plan's public pages on or off (the strategy office)

`connect` hooks `snapshot_take` to `reports.signals.report_published`, sent by
`reports.services.report_publish` inside its transaction: the report and its public figures
are published together or not at all.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from goals.models import Plan
from reports.models import Report
from reports.results import plan_results
from reports.signals import report_published
from transparency.models import PublishedFigures
from transparency.opendata import period_document

__all__ = ["connect", "public_pages_set", "snapshot_take"]


@transaction.atomic
def snapshot_take(*, report: Report) -> PublishedFigures:
    """Freeze the figures of the report's period as the public pages will show them.

    1. Only approved values count (`approved_only`): a figure resting on a value not yet
       approved never reaches the public.
    2. The open-data document (`transparency.opendata.period_document`) is stored as it is; the
       pages, the CSV and the JSON of the period are read from it, so that they never change
       until a report of the period is published again.
    """
    results = plan_results(report.plan, report.year, report.half, approved_only=True)
    published_at = report.published_at or timezone.now()
    return PublishedFigures.objects.create(
        plan=report.plan,
        report=report,
        year=report.year,
        half=report.half,
        published_at=published_at,
        data=period_document(results, published_at),
    )


def _on_report_published(sender: Any, report: Report, **kwargs: Any) -> None:
    snapshot_take(report=report)


def connect() -> None:
    report_published.connect(_on_report_published, dispatch_uid="public.snapshot_take")


@transaction.atomic
def public_pages_set(*, plan: Plan, enabled: bool, user: Any) -> Plan:
    """Turn the plan's public pages (/acik/) on or off; recorded in the plan's history."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.public_pages == enabled:
        return plan
    plan.public_pages = enabled
    plan._change_reason = "public pages on" if enabled else "public pages off"
    plan.save(update_fields=["public_pages"])
    return plan
