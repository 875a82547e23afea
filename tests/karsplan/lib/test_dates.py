"""Dates in the files whose format is Turkish, and Django's Turkish formats agree."""

import datetime as dt

from django.utils import formats, translation

from karsplan.lib.dates import format_date_tr, format_datetime_tr, format_time_tr


def test_turkish_dates_and_times():
    assert format_date_tr(dt.date(2025, 1, 5)) == "05.01.2025"
    assert format_datetime_tr(dt.datetime(2025, 12, 31, 9, 5, 59)) == "31.12.2025 09:05"
    assert format_time_tr(dt.time(14, 5)) == "14:05"


def test_the_same_as_djangos_turkish_formats():
    moment = dt.datetime(2025, 7, 15, 23, 59)
    with translation.override("tr"):
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == format_datetime_tr(moment)
        assert formats.date_format(moment.date(), "SHORT_DATE_FORMAT") == format_date_tr(moment)
