"""Notifications (in the app and by e-mail) and what each user chose to receive by e-mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SUBMITTED = "submitted", _("Entries submitted")
    RETURNED = "returned", _("Entries returned")
    APPROVED = "approved", _("Entries approved")
    REOPENED = "reopened", _("Approved entries reopened")
    LOCK_EXCEPTION = "lock_exception", _("Period reopened for a unit")
    REPORT_PUBLISHED = "report_published", _("Report published")
    DEADLINE_SOON = "deadline_soon", _("Deadline approaching")
    LATE = "late", _("Deadline passed")
    LATE_SUMMARY = "late_summary", _("Units late for a deadline")


# Mails a user cannot turn off: the unit has work to do (a return, a reopening) or a deadline
# (a lock exception carries the unit's new deadline).
MANDATORY = frozenset(
    {
        Kind.RETURNED,
        Kind.REOPENED,
        Kind.LOCK_EXCEPTION,
        Kind.DEADLINE_SOON,
        Kind.LATE,
        Kind.LATE_SUMMARY,
    }
)


class MailStatus(models.TextChoices):
    PENDING = "pending", _("to send")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    NO_ADDRESS = "no_address", _("no e-mail address")
    TURNED_OFF = "turned_off", _("turned off by the user")


class Notification(models.Model):
    """One event (or reminder) for one user: shown on the home page until read, and mailed.

    `key` names the event; (user, key) is unique, so an event reaches a user at most once
    and a reminder is sent once per (user, period, kind). The mail is sent only from
    `pending`, claimed by a conditional update (`pending → sending → sent`).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("event"), max_length=100)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    mail_status = models.CharField(
        _("e-mail"), max_length=12, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user"),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.subject


class Preference(models.Model):
    """The optional mails a user turned off (no row: every mail is on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    muted = models.JSONField(_("mails turned off"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
