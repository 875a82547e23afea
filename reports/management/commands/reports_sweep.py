"""python manage.py reports_sweep: end the report jobs no worker runs any more, now."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from reports.jobs import reports_fail_stale


class Command(BaseCommand):
    help = (
        "End (as failed) the report jobs whose worker died (no heartbeat) or that no worker "
        "took from the queue; celery beat does the same every 30 s (docs/reports.md)."
    )

    def handle(self, *args: object, **options: object) -> None:
        count = reports_fail_stale()
        self.stdout.write(f"{count} report job(s) marked failed.")
