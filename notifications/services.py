"""Writes of notifications: record an event for its users, mail what is pending, mark read,
save preferences.

The mail of a notification is sent at most once: rows are created `pending` (or, never to be
mailed, `no_address` / `turned_off`), and `notifications_mail` claims each row with a
conditional update `pending → sending` before talking to SMTP, then marks it `sent`. A retried
task finds nothing pending; an SMTP failure puts the row back to `pending` for the retry.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import MANDATORY, Kind, MailStatus, Notification, Preference

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """What an event says: the same words in the app and in the mail."""

    kind: str
    key: str
    subject: str
    body: str
    url: str = ""


def mail_status_for(user: Any, kind: str, muted: Iterable[str] = ()) -> str:
    """Whether `user` gets the mail of `kind`: no address, turned off, or pending."""
    if not (user.email or "").strip():
        return MailStatus.NO_ADDRESS
    if kind not in MANDATORY and kind in set(muted):
        return MailStatus.TURNED_OFF
    return MailStatus.PENDING


def _muted(users: Sequence[Any]) -> dict[int, list[str]]:
    return dict(
        Preference.objects.filter(user__in=[u.pk for u in users]).values_list("user_id", "muted")
    )


def notifications_create(*, message: Message, users: Sequence[Any]) -> list[Notification]:
    """Record `message` for each user once (an existing (user, key) row is kept as it was).

    Returns the rows created. 3 queries whatever the number of users.
    """
    if not users:
        return []
    muted = _muted(users)
    existing = set(
        Notification.objects.filter(key=message.key, user__in=users).values_list(
            "user_id", flat=True
        )
    )
    rows = [
        Notification(
            user=user,
            kind=message.kind,
            key=message.key,
            subject=message.subject[:200],
            body=message.body,
            url=message.url,
            mail_status=mail_status_for(user, message.kind, muted.get(user.pk, ())),
        )
        for user in users
        if user.pk not in existing
    ]
    # ignore_conflicts: a concurrent run that created the same row first wins; ours is dropped.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return rows


def _email(row: Notification) -> EmailMultiAlternatives:
    context = {
        "notification": row,
        "user": row.user,
        "link": f"{settings.SITE_URL}{row.url}" if row.url else "",
        "preferences": f"{settings.SITE_URL}{reverse('notifications:preferences')}",
        "site_url": settings.SITE_URL,
        "mandatory": row.kind in MANDATORY,
    }
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("notifications/email.txt", context)
        html = render_to_string("notifications/email.html", context)
    mail = EmailMultiAlternatives(subject=row.subject, body=text, to=[row.user.email])
    mail.attach_alternative(html, "text/html")
    return mail


def notifications_mail(
    *, key: str | None = None, pks: Iterable[int] | None = None
) -> list[Notification]:
    """Mail the pending notifications of an event (`key`) or the given rows; returns those
    sent. Steps, for each pending row:

    1. claim it: `UPDATE … SET mail_status = sending WHERE pk = … AND mail_status = pending`;
       a row another run claimed (or sent) is skipped;
    2. send it over the one SMTP connection;
    3. on success mark it `sent` (with the time); on failure put it back to `pending` and,
       after the other rows, raise the first error so that the task is retried.
    """
    rows = Notification.objects.filter(mail_status=MailStatus.PENDING).select_related("user")
    if key is not None:
        rows = rows.filter(key=key)
    if pks is not None:
        rows = rows.filter(pk__in=list(pks))
    rows = list(rows)
    if not rows:
        return []
    sent, failure = [], None
    connection = get_connection()
    connection.open()  # one connection for the batch (SMTP down: raise, nothing claimed)
    try:
        for row in rows:
            claimed = Notification.objects.filter(pk=row.pk, mail_status=MailStatus.PENDING).update(
                mail_status=MailStatus.SENDING
            )
            if not claimed:
                continue
            try:
                connection.send_messages([_email(row)])
            except Exception as exc:  # SMTP and network errors: leave it for the retry
                log.warning("notification %s to %s not sent: %s", row.pk, row.user.email, exc)
                Notification.objects.filter(pk=row.pk).update(mail_status=MailStatus.PENDING)
                failure = failure or exc
                continue
            Notification.objects.filter(pk=row.pk).update(
                mail_status=MailStatus.SENT, mailed_at=timezone.now()
            )
            sent.append(row)
    finally:
        connection.close()
    if failure is not None:
        raise failure
    return sent


def notification_mark_read(*, user: Any, pk: int | None = None) -> int:
    """Mark one of the user's notifications (or, without `pk`, all of them) as read."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        rows = rows.filter(pk=pk)
    return rows.update(read_at=timezone.now())


def preferences_save(*, user: Any, muted: Iterable[str]) -> Preference:
    """Turn off the optional mails in `muted`; the mandatory ones cannot be turned off."""
    optional = {k for k in muted if k in Kind.values and k not in MANDATORY}
    preference, _created = Preference.objects.update_or_create(
        user=user, defaults={"muted": sorted(optional)}
    )
    return preference
