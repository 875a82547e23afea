"""Indicator pages, the period entry, the review and the period management (DESIGN.md §4).

Every view asks `goals.permissions`, the one authorisation layer, through a decorator for
the role and one helper per object kind for the scope: `_get_entry_for_user`,
`_get_submission_for_user`, `_get_evidence_for_user` (another unit's object is a 404, a
read-only role gets 403, anonymous users are sent to the login page by the middleware).

Modules: `common` (the scoped lookups), `indicator`, `entry`, `submissions` (the review),
`period_windows`, `evidence`; this package re-exports the views `indicators/urls.py` names.
"""

from __future__ import annotations

from indicators.views.common import (
    HISTORY_PAGE_SIZE,
    PAGE_SIZE,
)
from indicators.views.entry import (
    EntryForms,
    entry,
    entry_index,
)
from indicators.views.evidence import (
    evidence_download,
    evidence_restore,
)
from indicators.views.indicator import (
    detail,
)
from indicators.views.period_windows import (
    period_calendar,
    period_close,
    period_detail,
    period_extend,
    period_open,
    periods,
)
from indicators.views.submissions import (
    review,
    submission,
    submission_approve,
    submission_reopen,
    submission_return,
    thread_reply,
    thread_resolve,
)

__all__ = [
    "EntryForms",
    "HISTORY_PAGE_SIZE",
    "PAGE_SIZE",
    "detail",
    "entry",
    "entry_index",
    "evidence_download",
    "evidence_restore",
    "period_calendar",
    "period_close",
    "period_detail",
    "period_extend",
    "period_open",
    "periods",
    "review",
    "submission",
    "submission_approve",
    "submission_reopen",
    "submission_return",
    "thread_reply",
    "thread_resolve",
]
