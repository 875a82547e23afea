"""Writes for indicators, periods and entries. Only services move statuses.

Entry and review (DESIGN.md §4; how to use it: docs/entry-and-review.md):

- `entries_save` writes a unit's entries for a period in one transaction: the values of its
  indicators (`Actual`), its target reviews, its targets' actual expenditures
  (`Expenditure`) and evidence files; with `submit=True` it also submits. The web form and
  the Excel import call it; `actual_record`, `expenditure_record`, `submission_submit` and
  `evidence_attach` are small doors onto it.
- `submission_approve`, `submission_return`, `submission_reopen` move the workflow.
- `review_thread_reply`, `review_thread_resolve`: the conversation on a returned submission.
- `period_open`, `period_close`, `period_calendar`, `period_extend`, `lock_exception_create`
  manage the windows.

Modules: `periods`, `errors`, `versioning`, `evidence`, `expenditures`, `entries`,
`workflow`, `review_threads`; this package re-exports their public names. Demo data:
`indicators.demo`.

Every write records its history (django-simple-history) with the user and the time.
"""

from __future__ import annotations

from indicators.services.entries import (
    REVIEW_TEXT_FIELDS,
    REVIEW_TEXT_NAMES,
    actual_record,
    entries_save,
    entry_lock_check,
    evidence_attach,
    expenditure_record,
)
from indicators.services.errors import (
    Conflict,
    EntryError,
    EntryLocked,
    EntryRefused,
    EntryResult,
    WorkflowError,
)
from indicators.services.evidence import (
    DOCX,
    EVIDENCE_MAX_BYTES,
    EVIDENCE_SUFFIXES,
    EVIDENCE_TYPES,
    ORPHAN_MIN_AGE,
    XLSX,
    EvidenceAudit,
    evidence_audit,
    evidence_check,
    evidence_orphans_remove,
    evidence_purge_removed,
    evidence_restore,
    evidence_types_text,
)
from indicators.services.expenditures import (
    EXPENDITURE,
    EXPENDITURE_DECIMAL_PLACES,
    AmountRow,
    StoredAmount,
)
from indicators.services.periods import (
    lock_exception_create,
    period_calendar,
    period_close,
    period_default_window,
    period_extend,
    period_open,
    periods_ensure,
)
from indicators.services.review_threads import (
    review_thread_reply,
    review_thread_resolve,
)
from indicators.services.versioning import (
    VersionedChange,
    versioned_write,
)
from indicators.services.workflow import (
    submission_approve,
    submission_reopen,
    submission_return,
    submission_submit,
)

__all__ = [
    "AmountRow",
    "Conflict",
    "DOCX",
    "EVIDENCE_MAX_BYTES",
    "EVIDENCE_SUFFIXES",
    "EVIDENCE_TYPES",
    "EXPENDITURE",
    "EXPENDITURE_DECIMAL_PLACES",
    "EntryError",
    "EntryLocked",
    "EntryRefused",
    "EntryResult",
    "EvidenceAudit",
    "ORPHAN_MIN_AGE",
    "REVIEW_TEXT_FIELDS",
    "REVIEW_TEXT_NAMES",
    "StoredAmount",
    "VersionedChange",
    "WorkflowError",
    "XLSX",
    "actual_record",
    "entries_save",
    "entry_lock_check",
    "evidence_attach",
    "evidence_audit",
    "evidence_check",
    "evidence_orphans_remove",
    "evidence_purge_removed",
    "evidence_restore",
    "evidence_types_text",
    "expenditure_record",
    "lock_exception_create",
    "period_calendar",
    "period_close",
    "period_default_window",
    "period_extend",
    "period_open",
    "periods_ensure",
    "review_thread_reply",
    "review_thread_resolve",
    "submission_approve",
    "submission_reopen",
    "submission_return",
    "submission_submit",
    "versioned_write",
]
