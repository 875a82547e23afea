"""What the entry services refuse and return: errors, conflicts, the result of a save, and
the texts of their messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from goals.models import Target
from indicators import selectors
from indicators.entry_rules import (
    Problem,
)
from indicators.models import (
    Evidence,
    Submission,
)


class EntryError(Exception):
    """A refusal of the domain, with a message for people."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class EntryLocked(EntryError):
    """The unit may not change its entries for the period now (window or workflow)."""


class WorkflowError(EntryError):
    """An illegal status transition."""


class EntryRefused(EntryError):
    """`entries_save` wrote nothing; `result` tells why."""

    def __init__(self, result: EntryResult) -> None:
        problems = result.errors + result.warnings + result.conflicts
        super().__init__(" ".join(p.message for p in problems) or _("Nothing was saved."))
        self.result = result


@dataclass(frozen=True)
class Conflict(Problem):
    """A row changed by someone else since the user loaded it: nothing of the save was written.

    `version` is the row's version now (0: it was deleted), `current` its values now.
    """

    version: int = 0
    current: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class EntryResult:
    """What `entries_save` did. `saved` is True only when everything was written.

    `errors` are refusals; `warnings` need a confirmation (`EntryRow.confirmed` or
    `confirm_warnings`); `conflicts` are rows someone else changed meanwhile. When any of
    them is not empty nothing was written. `written` counts the rows written (actuals,
    reviews, amounts); `evidence` lists the files attached, `removed` the names of the files
    removed (kept until the period is approved); `data` is the entry as read in
    the save's transaction (for a caller that shows the page again).
    """

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    saved: bool = False
    submitted: bool = False
    written: int = 0
    evidence: list[Evidence] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    submission: Submission | None = None
    data: selectors.EntryData | None = None

    def problems_for(self, scope: str, key: int) -> list[Problem]:
        return [
            p
            for p in self.errors + self.warnings + self.conflicts
            if p.scope == scope and p.key == key
        ]


class _Rollback(Exception):  # noqa: N818 - control flow, never leaves the services
    pass


class _NothingChanged(Exception):  # noqa: N818 - control flow, never leaves the services
    pass


def _target_message(target: Target, field_label: Any, text: str) -> str:
    return _("%(indicator)s – %(field)s: %(message)s") % {
        "indicator": _("Target %(code)s") % {"code": target.code},
        "field": field_label,
        "message": text,
    }


def _when(who: str, at: dt.datetime | None) -> str:
    """ "Ayşe Yılmaz on 05.07.2025 14:03" for conflict messages."""
    who = who or _("someone")
    if at is None:
        return who
    return _("%(who)s on %(when)s") % {
        "who": who,
        "when": date_format(timezone.localtime(at), "SHORT_DATETIME_FORMAT"),
    }


def _conflict_text() -> str:
    return _(
        "Nothing was saved: your input is kept on the page. Check it against the saved one "
        "and save again to replace it."
    )
