"""Celery tasks: thin wrappers that take keys and call one service."""

from __future__ import annotations

import datetime as dt
import smtplib

from celery import Task, shared_task
from django.utils import timezone

from notifications import reminders, services

MAIL_MAX_RETRIES = 5


@shared_task(
    name="notifications.tasks.notification_mail_task",
    bind=True,
    acks_late=True,
    soft_time_limit=110,
    time_limit=120,
    max_retries=MAIL_MAX_RETRIES,
)
def notification_mail_task(self: Task, key: str) -> int:
    """Mail the pending notifications of one event; returns how many were sent.

    Idempotent: a row is mailed only from `pending` (`services.notifications_mail`), so a
    second delivery or a retry sends nothing already sent. SMTP and network errors are
    retried, backing off (1, 2, 4, 8, 16 minutes).
    """
    try:
        return len(services.notifications_mail(key=key))
    except (smtplib.SMTPException, OSError) as exc:
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries)


@shared_task(
    name="notifications.tasks.reminders_send_task",
    acks_late=True,
    soft_time_limit=540,
    time_limit=600,
)
def reminders_send_task(day: str | None = None) -> int:
    """The day's reminders (celery beat, daily); returns how many mails were sent."""
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return sum(r.sent for r in reminders.reminders_send(today=today))


@shared_task(
    name="notifications.tasks.notifications_mail_pending_task",
    acks_late=True,
    soft_time_limit=240,
    time_limit=300,
)
def notifications_mail_pending_task() -> int:
    """Mail every notification still `pending` (celery beat, every 10 minutes): those whose
    task could not be sent (broker down) or ran out of retries. Idempotent like the event's
    task: each row is claimed from `pending` before it is sent."""
    try:
        return len(services.notifications_mail())
    except (smtplib.SMTPException, OSError):
        return 0  # SMTP still down: the rows stay pending for the next run
