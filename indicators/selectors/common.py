"""Reads shared by the pages: the computation's settings, user labels, one indicator."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from indicators import computation
from indicators.models import (
    Indicator,
)


def computation_settings() -> computation.Settings:
    """The computation's settings from `settings.KARSPLAN` (bands, clamp, means)."""
    conf = settings.KARSPLAN
    bands = tuple(
        sorted(
            ((computation.Status(k), Decimal(str(v))) for k, v in conf["BANDS"].items()),
            key=lambda band: -band[1],
        )
    )
    return computation.Settings(
        clamp=conf["CLAMP"], bands=bands, aim_mean=conf["AIM_MEAN"], plan_mean=conf["PLAN_MEAN"]
    )


def user_label(user: Any) -> str:
    if user is None:
        return _("the system")
    return user.get_full_name() or user.get_username()


def indicator_detail(pk: int) -> Indicator:
    return (
        Indicator.objects.select_related(
            "target", "target__aim", "target__plan", "target__responsible_unit", "activity"
        )
        .prefetch_related("planned_values")
        .get(pk=pk)
    )
