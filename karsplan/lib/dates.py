"""Dates and times as Turkish public institutions write them, without Django: 31.12.2025,
31.12.2025 14:05, 14:05.

For the files whose format is Turkish whatever the reader's language (the entry template,
the exports, text read from an upload). Pages and documents rendered for a reader use
Django's localized formats instead (`django.utils.formats.date_format` with
"SHORT_DATE_FORMAT" / "SHORT_DATETIME_FORMAT"; `karsplan/formats/tr/formats.py` sets the
same patterns for Turkish).
"""

from __future__ import annotations

import datetime as dt


def format_date_tr(value: dt.date) -> str:
    """``date(2025, 12, 31)`` → ``31.12.2025``."""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def format_time_tr(value: dt.time | dt.datetime) -> str:
    """``time(14, 5)`` → ``14:05`` (no seconds)."""
    return f"{value.hour:02d}:{value.minute:02d}"


def format_datetime_tr(value: dt.datetime) -> str:
    """``datetime(2025, 12, 31, 14, 5)`` → ``31.12.2025 14:05``, in the value's own time zone
    (pass `timezone.localtime(...)` for Istanbul time)."""
    return f"{format_date_tr(value)} {format_time_tr(value)}"
