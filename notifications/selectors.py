"""Reads: the notifications panel of the home page and the kinds of mail a user receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from goals import permissions
from notifications import recipients
from notifications.models import MANDATORY, Kind, Notification

HOME_LIMIT = 10


@dataclass
class HomeNotifications:
    unread: list[Notification] = field(default_factory=list)
    unread_count: int = 0
    without_email: list[Any] = field(default_factory=list)


def home_notifications(user: Any, limit: int = HOME_LIMIT) -> HomeNotifications:
    """The user's newest unread notifications (at most `limit`) and how many are unread; for
    the strategy office, the users who get no mail for want of an address. 2–3 queries."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    panel = HomeNotifications(unread=list(unread[:limit]))
    panel.unread_count = len(panel.unread) if len(panel.unread) < limit else unread.count()
    if permissions.is_strategy(user):
        panel.without_email = recipients.users_without_email()
    return panel


def kinds_for(user: Any) -> tuple[list[str], list[str]]:
    """The (optional, mandatory) kinds of mail a user's role receives; which are mandatory is
    `MANDATORY`'s to say."""
    if permissions.is_strategy(user):
        kinds = [Kind.SUBMITTED, Kind.LATE_SUMMARY]
    elif permissions.is_council(user):
        kinds = [Kind.REPORT_PUBLISHED]
    elif permissions.is_unit_staff(user):
        kinds = [
            Kind.APPROVED,
            Kind.LOCK_EXCEPTION,
            Kind.RETURNED,
            Kind.REOPENED,
            Kind.DEADLINE_SOON,
            Kind.LATE,
        ]
    else:
        kinds = []
    return [k for k in kinds if k not in MANDATORY], [k for k in kinds if k in MANDATORY]
