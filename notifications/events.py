"""The receivers of the workflow's and the archive's signals: who is told what.

Each receiver runs inside the service's transaction: it records the notifications then
(`notify`), and their mails are enqueued on commit, so a rolled-back change leaves
neither a notification nor a mail. Texts are written in the site's language (Turkish).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from indicators import signals as workflow
from indicators.models import Indicator, LockException, Submission
from notifications import recipients
from notifications.models import Kind, MailStatus
from notifications.services import Message, notifications_create
from notifications.tasks import notification_mail_task
from reports import signals as archive
from reports.models import Report

log = logging.getLogger(__name__)


def _key(kind: str, pk: int) -> str:
    """One event: its kind, its object and a nonce (the same object returns many times)."""
    return f"{kind}:{pk}:{uuid.uuid4().hex[:12]}"


def notify(*, message: Message, users: Sequence[Any]) -> None:
    """An event of the workflow, inside its transaction: record it for `users` now and mail
    it once the transaction commits (a rollback records and sends nothing)."""
    rows = notifications_create(message=message, users=users)
    if any(r.mail_status == MailStatus.PENDING for r in rows):
        key = message.key
        transaction.on_commit(lambda: _enqueue(key))


def _enqueue(key: str) -> None:
    """Send the mail task. The event is already committed: when the broker cannot be reached
    the rows stay `pending` and `notifications_mail_pending_task` (beat) mails them later; the
    user's action never fails for it."""
    try:
        notification_mail_task.delay(key)
    except Exception:
        log.exception("notification %s: the mail task could not be sent; beat will retry", key)


def _names(submission: Submission) -> dict[str, str]:
    return {"unit": submission.unit.name, "period": submission.period.label}


def _entry_url(unit_id: int, period_id: int) -> str:
    return reverse("indicators:entry", kwargs={"unit_pk": unit_id, "period_pk": period_id})


def on_submitted(sender: Any, submission: Submission, user: Any, **kwargs: Any) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        names = _names(submission)
        who = user.get_full_name() or user.username if user else ""
        message = Message(
            kind=Kind.SUBMITTED,
            key=_key(Kind.SUBMITTED, submission.pk),
            subject=_("%(unit)s · %(period)s: entries submitted") % names,
            body=_("%(user)s submitted the entries of %(unit)s for %(period)s for your review.")
            % {**names, "user": who},
            url=reverse("indicators:submission", args=[submission.pk]),
        )
    notify(message=message, users=recipients.strategy_office())


def _comment_lines(comments: Mapping[int, str]) -> list[str]:
    indicators = Indicator.objects.filter(pk__in=list(comments)).select_related("target")
    return [
        f"- {i.target.code} {i.code} {i.name}: {comments[i.pk]}"
        for i in sorted(indicators, key=lambda i: (i.target.code, i.order))
    ]


def on_returned(
    sender: Any,
    submission: Submission,
    user: Any,
    comments: Mapping[int, str] | None = None,
    **kwargs: Any,
) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        names = _names(submission)
        body = [
            _(
                "The strategy office returned the entries of %(unit)s for %(period)s. "
                "Correct them and submit them again."
            )
            % names,
            "",
            _("Reason: %(reason)s") % {"reason": submission.return_reason},
        ]
        if comments:
            body += ["", _("Comments on indicators:"), *_comment_lines(comments)]
        message = Message(
            kind=Kind.RETURNED,
            key=_key(Kind.RETURNED, submission.pk),
            subject=_("%(unit)s · %(period)s: entries returned") % names,
            body="\n".join(body),
            url=_entry_url(submission.unit_id, submission.period_id),
        )
    notify(message=message, users=recipients.unit_staff([submission.unit_id]))


def on_approved(sender: Any, submission: Submission, user: Any, **kwargs: Any) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        names = _names(submission)
        message = Message(
            kind=Kind.APPROVED,
            key=_key(Kind.APPROVED, submission.pk),
            subject=_("%(unit)s · %(period)s: entries approved") % names,
            body=_("The strategy office approved the entries of %(unit)s for %(period)s.") % names,
            url=_entry_url(submission.unit_id, submission.period_id),
        )
    notify(message=message, users=recipients.unit_staff([submission.unit_id]))


def on_reopened(sender: Any, submission: Submission, user: Any, **kwargs: Any) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        names = _names(submission)
        body = [
            _(
                "The strategy office reopened the approved entries of %(unit)s for %(period)s. "
                "Correct them and submit them again."
            )
            % names,
            "",
            _("Reason: %(reason)s") % {"reason": submission.reopen_reason},
        ]
        message = Message(
            kind=Kind.REOPENED,
            key=_key(Kind.REOPENED, submission.pk),
            subject=_("%(unit)s · %(period)s: approved entries reopened") % names,
            body="\n".join(body),
            url=_entry_url(submission.unit_id, submission.period_id),
        )
    notify(message=message, users=recipients.unit_staff([submission.unit_id]))


def on_lock_exception(sender: Any, exception: LockException, user: Any, **kwargs: Any) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        names = {
            "unit": exception.unit.name,
            "period": exception.period.label,
            "date": date_format(exception.until, "SHORT_DATE_FORMAT"),
        }
        body = [
            _("The strategy office reopened entry for %(period)s to %(unit)s until %(date)s.")
            % names,
            "",
            _("Reason: %(reason)s") % {"reason": exception.reason},
        ]
        message = Message(
            kind=Kind.LOCK_EXCEPTION,
            key=_key(Kind.LOCK_EXCEPTION, exception.pk),
            subject=_("%(unit)s · %(period)s: entry reopened until %(date)s") % names,
            body="\n".join(body),
            url=_entry_url(exception.unit_id, exception.period_id),
        )
    notify(message=message, users=recipients.unit_staff([exception.unit_id]))


def on_report_published(sender: Any, report: Report, user: Any, **kwargs: Any) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        names = {"title": report.title, "period": report.period_label}
        message = Message(
            kind=Kind.REPORT_PUBLISHED,
            key=_key(Kind.REPORT_PUBLISHED, report.pk),
            subject=_("Report published: %(title)s") % names,
            body=_("The strategy office published the report %(title)s (%(period)s).") % names,
            url=report.get_absolute_url(),
        )
    notify(message=message, users=recipients.council_members())


def connect() -> None:
    """Connect the receivers (NotificationsConfig.ready)."""
    uid = "notifications"
    workflow.submission_submitted.connect(on_submitted, dispatch_uid=uid)
    workflow.submission_returned.connect(on_returned, dispatch_uid=uid)
    workflow.submission_approved.connect(on_approved, dispatch_uid=uid)
    workflow.submission_reopened.connect(on_reopened, dispatch_uid=uid)
    workflow.lock_exception_granted.connect(on_lock_exception, dispatch_uid=uid)
    archive.report_published.connect(on_report_published, dispatch_uid=uid)
