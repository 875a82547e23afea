"""Who receives a notification: the one place that answers "who is the strategy office?",
"who are the council members?" and "who are a unit's staff?" for notifications."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from goals.permissions import COUNCIL_GROUP, ROLE_GROUPS, STAFF_GROUP, STRATEGY_GROUP


def _active() -> QuerySet:
    return get_user_model().objects.filter(is_active=True)


def strategy_office() -> list[Any]:
    """Active members of the strategy office group (superusers are not mailed as such)."""
    return list(_active().filter(groups__name=STRATEGY_GROUP).distinct().order_by("pk"))


def council_members() -> list[Any]:
    return list(_active().filter(groups__name=COUNCIL_GROUP).distinct().order_by("pk"))


def unit_staff(unit_ids: Iterable[int]) -> list[Any]:
    """Active unit staff who are members (UnitMembership) of any of the units."""
    return list(
        _active()
        .filter(groups__name=STAFF_GROUP, units__in=list(unit_ids))
        .distinct()
        .order_by("pk")
    )


def users_without_email(limit: int = 50) -> list[Any]:
    """Active users with a role but no e-mail address: they get no mail (home page list)."""
    return list(
        _active()
        .filter(email="", groups__name__in=ROLE_GROUPS)
        .distinct()
        .order_by("username")[:limit]
    )
