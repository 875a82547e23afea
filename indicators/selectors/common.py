"""Reads shared by the pages: user labels, one indicator."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from indicators.models import (
    Indicator,
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
