"""What the strategy office writes into a report: its assessment and the council decision.

    report_front_matter(report)          the row for the report's (plan, kind, year, half)
    report_front_matter_save(...)        write it (history keeps every version)

Every rendering of that report prints the current text (`reports.rendering.context`); it is
part of the data checksum, so that asking for the report after an edit renders it anew.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from reports.models import Report, ReportFrontMatter

__all__ = ["report_front_matter", "report_front_matter_save"]


def report_front_matter(report: Report) -> ReportFrontMatter | None:
    return ReportFrontMatter.objects.filter(
        plan_id=report.plan_id, kind=report.kind, year=report.year, half=report.half
    ).first()


@transaction.atomic
def report_front_matter_save(
    *,
    report: Report,
    assessment: str,
    council_decision_date: dt.date | None,
    council_decision_number: str,
    user: object,
) -> tuple[ReportFrontMatter, bool]:
    """Save the front matter of `report`'s (plan, kind, year, half); returns (row, changed)."""
    row, _created = ReportFrontMatter.objects.select_for_update().get_or_create(
        plan_id=report.plan_id, kind=report.kind, year=report.year, half=report.half
    )
    new = (assessment.strip(), council_decision_date, council_decision_number.strip())
    old = (row.assessment, row.council_decision_date, row.council_decision_number)
    if new == old:
        return row, False
    row.assessment, row.council_decision_date, row.council_decision_number = new
    row.full_clean()
    row._history_user = user if getattr(user, "is_authenticated", False) else None
    row.save()
    return row, True
