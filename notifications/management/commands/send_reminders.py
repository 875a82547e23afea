"""`manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]`: the day's deadline reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications.reminders import reminders_send


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Write the date as YYYY-MM-DD, e.g. 2025-07-08.")) from None


class Command(BaseCommand):
    help = "Send the deadline reminders due on a date (default: today); each is sent once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=_day, help="YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be sent, send nothing"
        )

    def handle(self, *args: Any, date: dt.date | None, dry_run: bool, **options: Any) -> None:
        today = date or timezone.localdate()
        with translation.override(settings.LANGUAGE_CODE):
            reminders = reminders_send(today=today, dry_run=dry_run)
            day = date_format(today, "SHORT_DATE_FORMAT")
            total = 0
            for r in reminders:
                subject = r.message.subject
                if r.to:
                    line = (
                        _("%(subject)s → would be sent to: %(to)s")
                        if dry_run
                        else _("%(subject)s → sent to: %(to)s")
                    )
                    self.stdout.write(line % {"subject": subject, "to": ", ".join(r.to)})
                    total += len(r.to)
                if r.without_email:
                    self.stdout.write(
                        _("%(subject)s → not sent, no e-mail address: %(users)s")
                        % {"subject": subject, "users": ", ".join(r.without_email)}
                    )
            if dry_run:
                summary = _("%(date)s: %(n)d reminder(s) would be sent (dry run).")
            else:
                summary = _("%(date)s: %(n)d reminder(s) sent.")
            self.stdout.write(summary % {"date": day, "n": total})
