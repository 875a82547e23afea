"""Reads for the "Kullanıcılar" page: accounts with their units and roles, current lockouts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Q, Sum
from django.utils import timezone

from goals import permissions
from karsplan.lib.text import turkish_sort_key


def user_list(query: str = "") -> list:
    """Every account, active first, by username in Turkish order; groups and units
    prefetched (3 queries)."""
    users = get_user_model().objects.prefetch_related("groups", "units")
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(email__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(units__name__icontains=query)
        ).distinct()
    return sorted(users, key=lambda u: (not u.is_active, turkish_sort_key(u.username)))


def with_roles(users: list) -> list:
    """Fill the role cache of `goals.permissions` from the prefetched groups (no query each)."""
    for user in users:
        user._karsplan_groups = frozenset(g.name for g in user.groups.all())
        user.role = permissions.role_label(user)
    return users


@dataclass(frozen=True)
class Lockout:
    username: str
    ip_address: str | None
    failures: int
    last_attempt: datetime
    until: datetime


def lockouts() -> list[Lockout]:
    """The (username, address) pairs locked out now, newest first."""
    limit = settings.AXES_FAILURE_LIMIT
    cooloff = settings.AXES_COOLOFF_TIME
    since = timezone.now() - cooloff
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=limit)
        .order_by("-last")
    )
    return [
        Lockout(
            username=row["username"] or "",
            ip_address=row["ip_address"],
            failures=row["failures"],
            last_attempt=row["last"],
            until=row["last"] + cooloff,
        )
        for row in rows
    ]
