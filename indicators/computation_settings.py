"""The computation's settings, read from django settings in one place.

`indicators.computation` is pure (no Django): it takes a `computation.Settings`. This module
builds it from `settings.KARSPLAN` (karsplan/settings.py, docs/computation.md), for every
caller: the entry pages and checks (`indicators`), the results, dashboards and reports
(`reports.results`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings as django_settings

from indicators import computation
from indicators.computation import Settings, Status

__all__ = ["computation_settings"]


def computation_settings() -> Settings:
    """`computation.Settings` from django settings KARSPLAN (CLAMP, BANDS, AIM_MEAN, PLAN_MEAN).

    BANDS maps a status ("ulasildi", "iyi", "orta", "dusuk") to its lower bound, in any order
    (sorted here, highest first); AIM_MEAN and PLAN_MEAN are "plain" (the default) or "cost".
    An unknown status, a repeated bound or an unknown mean raises ValueError.
    """
    conf = django_settings.KARSPLAN
    bands = tuple(
        sorted(
            ((Status(name), Decimal(str(bound))) for name, bound in conf["BANDS"].items()),
            key=lambda band: band[1],
            reverse=True,
        )
    )
    return Settings(
        clamp=bool(conf["CLAMP"]),
        bands=bands,
        aim_mean=conf.get("AIM_MEAN", computation.PLAIN),
        plan_mean=conf.get("PLAN_MEAN", computation.PLAIN),
    )
