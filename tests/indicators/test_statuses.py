"""The one table of status names: every status code has a translatable name."""

from __future__ import annotations

import pytest
from django.utils import translation

from indicators.computation import Status
from indicators.statuses import STATUS_NAMES, status_label


def test_every_status_has_a_name() -> None:
    assert set(STATUS_NAMES) == set(Status)


def test_status_names_read_in_turkish_as_before() -> None:
    with translation.override("tr"):
        assert [status_label(s) for s in Status] == [
            "Hedefe ulaşıldı",
            "İyi",
            "Orta",
            "Düşük",
            "Çok düşük",
            "Veri yok",
            "Hedef yok",
            "Dönem dışı",
        ]


def test_status_names_follow_the_active_language() -> None:
    with translation.override("en"):
        assert status_label("cok_dusuk") == "Very low"
        assert status_label(Status.ULASILDI) == "Target reached"


def test_an_unknown_code_is_an_error() -> None:
    with pytest.raises(ValueError):
        status_label("nope")
