"""The conversation on a returned submission: threads per indicator (DESIGN.md §4).

The strategy office opens a thread with its comment on an indicator when it returns a
submission (`submission_return`); the unit's staff and the reviewer answer in it; the
reviewer marks it resolved. A resolved thread takes no more answers.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from goals import permissions
from indicators.models import ReviewComment
from indicators.services.errors import WorkflowError
from indicators.services.periods import _require_strategy


def _thread_for_update(thread: ReviewComment) -> ReviewComment:
    """The thread's first comment, locked: an answer and a resolution do not cross."""
    return (
        ReviewComment.objects.select_for_update()
        .select_related("submission")
        .get(pk=thread.parent_id or thread.pk)
    )


@transaction.atomic
def review_thread_reply(*, user: Any, thread: ReviewComment, text: str) -> ReviewComment:
    """Answer in a thread: the staff of the submission's unit, or the strategy office."""
    thread = _thread_for_update(thread)
    if not permissions.can_access_unit(user, thread.submission.unit_id):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your answer.")})
    if thread.resolved_at is not None:
        raise WorkflowError(_("This thread is resolved; it takes no more answers."))
    reply = ReviewComment(
        submission=thread.submission,
        indicator_id=thread.indicator_id,
        parent=thread,
        text=text,
        created_by=user,
    )
    reply.full_clean()
    reply.save()
    return reply


@transaction.atomic
def review_thread_resolve(*, user: Any, thread: ReviewComment) -> ReviewComment:
    """Mark a thread resolved (the strategy office). Resolving twice says so."""
    _require_strategy(user)
    thread = _thread_for_update(thread)
    if thread.resolved_at is not None:
        raise WorkflowError(_("This thread is already resolved."))
    thread.resolved_at = timezone.now()
    thread.resolved_by = user
    thread.save(update_fields=["resolved_at", "resolved_by"])
    return thread
