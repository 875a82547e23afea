"""The computation's settings are read from `settings.KARSPLAN` in one place, for every app."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators import selectors
from indicators.computation import DEFAULT_SETTINGS, Status
from indicators.computation_settings import computation_settings
from reports import results


def test_the_project_settings_are_the_official_defaults() -> None:
    assert computation_settings() == DEFAULT_SETTINGS


def test_bands_clamp_and_means_come_from_django_settings(settings) -> None:
    settings.KARSPLAN = {
        **settings.KARSPLAN,
        "CLAMP": False,
        "BANDS": {"dusuk": 50, "ulasildi": 95, "orta": 60, "iyi": 80},
        "AIM_MEAN": "cost",
        "PLAN_MEAN": "cost",
    }
    conf = computation_settings()
    assert conf.bands == (
        (Status.ULASILDI, Decimal(95)),
        (Status.IYI, Decimal(80)),
        (Status.ORTA, Decimal(60)),
        (Status.DUSUK, Decimal(50)),
    )
    assert (conf.clamp, conf.aim_mean, conf.plan_mean) == (False, "cost", "cost")


def test_the_means_default_to_plain(settings) -> None:
    settings.KARSPLAN = {
        k: v for k, v in settings.KARSPLAN.items() if k not in ("AIM_MEAN", "PLAN_MEAN")
    }
    conf = computation_settings()
    assert (conf.aim_mean, conf.plan_mean) == ("plain", "plain")


@pytest.mark.parametrize(
    "change",
    [{"AIM_MEAN": "median"}, {"BANDS": {"iyi": 80, "orta": 80}}, {"BANDS": {"super": 120}}],
)
def test_a_wrong_setting_is_refused(settings, change) -> None:
    settings.KARSPLAN = {**settings.KARSPLAN, **change}
    with pytest.raises(ValueError):
        computation_settings()


def test_the_entry_pages_and_the_results_read_the_same_function() -> None:
    """The entry checks (indicators) and the dashboards and reports (reports) used to read the
    settings each their own way (one with defaults for the means, one without)."""
    assert selectors.computation_settings is computation_settings
    assert results.computation_settings is computation_settings
