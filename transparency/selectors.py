"""Reads of the public pages, each in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404

from goals.models import Aim, Plan, Target
from goals.permissions import can_read_public_pages
from indicators.models import Indicator
from reports.models import Report, ReportStatus
from transparency.models import PublishedFigures

__all__ = [
    "period_figures",
    "plan_tree",
    "public_plan",
    "public_plans",
    "published_periods",
    "published_report",
    "published_reports",
]


def public_plans() -> list[Plan]:
    """The plans whose public pages are on, newest first."""
    return [p for p in Plan.objects.filter(public_pages=True) if can_read_public_pages(p)]


def public_plan(pk: int) -> Plan:
    """The plan if its public pages are on; else 404 (1 query)."""
    plan = Plan.objects.filter(pk=pk).first()
    if plan is None or not can_read_public_pages(plan):
        raise Http404
    return plan


def plan_tree(plan: Plan) -> list[Aim]:
    """Aims → targets (with their responsible unit) → indicators, in the plan's order
    (3 queries)."""
    indicators = Indicator.objects.order_by("order")
    targets = (
        Target.objects.select_related("responsible_unit")
        .order_by("order", "code")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
    )
    return list(
        Aim.objects.filter(plan=plan)
        .order_by("order", "code")
        .prefetch_related(Prefetch("targets", queryset=targets))
    )


def _published(plan: Plan):
    """The frozen figures whose report is still published: the latest per period counts."""
    return PublishedFigures.objects.filter(
        plan=plan, report__published=True, report__status=ReportStatus.DONE
    )


def published_periods(plan: Plan) -> list[PublishedFigures]:
    """The latest frozen figures of each published period, newest period first, without
    their data (1 query)."""
    latest: dict[tuple[int, int], PublishedFigures] = {}
    for row in _published(plan).defer("data").order_by("-published_at", "-pk"):
        latest.setdefault((row.year, row.half), row)
    return sorted(latest.values(), key=lambda r: (r.year, r.half), reverse=True)


def period_figures(plan: Plan, year: int, half: int) -> PublishedFigures:
    """The figures of (year, half) as last published; 404 if no report of it is published
    (1 query)."""
    row = _published(plan).filter(year=year, half=half).order_by("-published_at", "-pk").first()
    if row is None:
        raise Http404
    return row


def published_reports(plan: Plan) -> list[Report]:
    """The plan's published reports with a file, newest first (1 query)."""
    return list(
        Report.objects.filter(plan=plan, published=True, status=ReportStatus.DONE)
        .select_related("plan")
        .order_by("-year", "-half", "kind", "-published_at")
    )


def published_report(plan: Plan, pk: int) -> Report:
    report = Report.objects.filter(
        plan=plan, pk=pk, published=True, status=ReportStatus.DONE
    ).first()
    if report is None:
        raise Http404
    return report
