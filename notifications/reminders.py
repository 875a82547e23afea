"""Reminders of the entry deadlines, sent by `manage.py send_reminders` (celery beat, daily).

On a given day (the current plan's periods):

- `deadline_soon`: N days before a period's deadline (N in settings.KARSPLAN["REMINDER_DAYS"],
  by default 7 and 2), to the staff of every unit that has not submitted (no submission, a
  draft or a returned one);
- `late`: the day after the deadline, to the staff of every unit late by the one rule
  (`indicators.lateness`);
- `late_summary`: the same day, one summary of the late units to the strategy office.

Each reminder is a notification with the key `<kind>[-N]:<period pk>`, so a user gets it once
per (period, kind) however often the command runs; a user of several units gets one reminder
naming them all.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from goals.models import Plan, Unit, UnitMembership
from indicators.lateness import SENT, submission_is_late
from indicators.models import Period, Submission
from notifications import recipients
from notifications.models import Kind, Notification
from notifications.services import Message, notifications_create, notifications_mail

DEFAULT_DAYS = (7, 2)


log = logging.getLogger(__name__)


def reminder_days() -> list[int]:
    return sorted(set(settings.KARSPLAN.get("REMINDER_DAYS") or DEFAULT_DAYS), reverse=True)


@dataclass
class Reminder:
    """One reminder to some users (those sharing the same units), and what became of it."""

    message: Message
    users: list[Any]
    sent: int = 0
    to: list[str] = field(default_factory=list)
    without_email: list[str] = field(default_factory=list)


def _units_text(units: Sequence[Unit]) -> str:
    return ", ".join(u.name for u in units)


def _per_user(units: Sequence[Unit]) -> list[tuple[tuple[Unit, ...], list[Any]]]:
    """Group the units' staff by the set of those units each belongs to."""
    by_user: dict[int, tuple[Any, list[Unit]]] = {}
    staff = recipients.unit_staff([u.pk for u in units])
    memberships = defaultdict(set)
    for user_id, unit_id in UnitMembership.objects.filter(
        user__in=staff, unit__in=units
    ).values_list("user_id", "unit_id"):
        memberships[user_id].add(unit_id)
    for user in staff:
        by_user[user.pk] = (user, [u for u in units if u.pk in memberships[user.pk]])
    groups: dict[tuple[Unit, ...], list[Any]] = defaultdict(list)
    for user, own in by_user.values():
        groups[tuple(own)].append(user)
    return list(groups.items())


def _entry_url(units: Sequence[Unit], period: Period) -> str:
    if len(units) == 1:
        return reverse("indicators:entry", kwargs={"unit_pk": units[0].pk, "period_pk": period.pk})
    return reverse("indicators:entry_index")


def _deadline_soon(period: Period, days: int, units: Sequence[Unit]) -> list[Reminder]:
    date = date_format(period.deadline, "SHORT_DATE_FORMAT")
    out = []
    for own, users in _per_user(units):
        names = {"period": period.label, "days": days, "date": date, "units": _units_text(own)}
        message = Message(
            kind=Kind.DEADLINE_SOON,
            key=f"{Kind.DEADLINE_SOON}-{days}:{period.pk}",
            subject=ngettext(
                "%(period)s: %(days)d day left to submit your entries",
                "%(period)s: %(days)d days left to submit your entries",
                days,
            )
            % names,
            body=_(
                "The deadline to enter and submit the values of %(period)s is %(date)s. "
                "Not submitted yet: %(units)s."
            )
            % names,
            url=_entry_url(own, period),
        )
        out.append(Reminder(message, users))
    return out


def _late(period: Period, units: Sequence[Unit], unsent: Sequence[Unit]) -> list[Reminder]:
    """The day after a deadline: a mail to the staff of the late units that have still sent
    nothing (`unsent`), and one summary of every late unit (`units`, by the lateness rule,
    which also counts a unit whose first submission came after the deadline)."""
    date = date_format(period.deadline, "SHORT_DATE_FORMAT")
    out = []
    for own, users in _per_user(unsent):
        names = {"period": period.label, "date": date, "units": _units_text(own)}
        message = Message(
            kind=Kind.LATE,
            key=f"{Kind.LATE}:{period.pk}",
            subject=_("%(period)s: the deadline has passed") % names,
            body=_(
                "The deadline of %(period)s was %(date)s and the entries of %(units)s were not "
                "submitted in time. Submit them as soon as possible, or ask the strategy office "
                "to reopen the period."
            )
            % names,
            url=_entry_url(own, period),
        )
        out.append(Reminder(message, users))
    summary = {"period": period.label, "date": date, "n": len(units)}
    body = [
        _("The deadline of %(period)s was %(date)s. These units did not submit in time:") % summary,
        *[f"- {u.name}" for u in units],
    ]
    message = Message(
        kind=Kind.LATE_SUMMARY,
        key=f"{Kind.LATE_SUMMARY}:{period.pk}",
        subject=ngettext("%(period)s: %(n)d unit late", "%(period)s: %(n)d units late", len(units))
        % summary,
        body="\n".join(body),
        url=f"{reverse('indicators:review')}?period={period.pk}&late=yes",
    )
    out.append(Reminder(message, recipients.strategy_office()))
    return out


def reminders_due(*, today: dt.date) -> list[Reminder]:
    """The reminders due on `today` (whether or not they were already sent)."""
    plan = Plan.objects.current()
    if plan is None:
        return []
    days = reminder_days()
    soon = {today + dt.timedelta(days=n): n for n in days}
    yesterday = today - dt.timedelta(days=1)
    periods = list(
        Period.objects.filter(plan=plan, deadline__in=[*soon, yesterday]).order_by("deadline")
    )
    if not periods:
        return []
    units = list(Unit.objects.responsible_in(plan))
    submissions = {
        (s.period_id, s.unit_id): s
        for s in Submission.objects.filter(period__in=periods).with_first_submitted_at()
    }
    out: list[Reminder] = []
    with translation.override(settings.LANGUAGE_CODE):
        for period in periods:
            if period.deadline == yesterday:
                late = [
                    u
                    for u in units
                    if submission_is_late(period, submissions.get((period.pk, u.pk)), today)
                ]
                if late:
                    unsent = [
                        u
                        for u in late
                        if getattr(submissions.get((period.pk, u.pk)), "status", None) not in SENT
                    ]
                    out += _late(period, late, unsent)
            else:
                pending = [
                    u
                    for u in units
                    if getattr(submissions.get((period.pk, u.pk)), "status", None) not in SENT
                ]
                if pending:
                    out += _deadline_soon(period, soon[period.deadline], pending)
    return out


def reminders_send(*, today: dt.date, dry_run: bool = False) -> list[Reminder]:
    """Send the reminders due on `today` that were not sent yet; with `dry_run`, only say to
    whom they would go. Returns the reminders with, for each, who got it."""
    reminders = reminders_due(today=today)
    for reminder in reminders:
        key = reminder.message.key
        done = set(
            Notification.objects.filter(key=key, user__in=reminder.users).values_list(
                "user_id", flat=True
            )
        )
        new = [u for u in reminder.users if u.pk not in done]
        reminder.without_email = [u.username for u in new if not (u.email or "").strip()]
        if dry_run:
            reminder.to = [u.email for u in new if (u.email or "").strip()]
            continue
        notifications_create(message=reminder.message, users=new)
        try:
            sent = notifications_mail(key=key)
        except (smtplib.SMTPException, OSError) as exc:
            # SMTP down: the rows are recorded and stay pending; the other reminders are still
            # recorded, and notifications_mail_pending_task (beat) mails them all later.
            log.warning("reminder %s not mailed yet: %s", key, exc)
            sent = []
        reminder.sent = len(sent)
        reminder.to = [row.user.email for row in sent]
    return reminders
