"""Problems found in a file: an `Issue` (error, warning or notice, with its row and column)
and `FileRejected` (the file cannot be read at all)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Issue:
    """An error, warning or notice, with the row number and column it concerns (if any)."""

    message: str
    row: int | None = None
    column: str | None = None
    names_column: bool = False
    """The message already names the field (the entry rules' messages do)."""

    def __str__(self) -> str:
        if self.row is not None and self.column and not self.names_column:
            return _("Row %(row)s, %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row is not None:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        if self.column:
            return _("Column %(column)s: %(message)s") % {
                "column": self.column,
                "message": self.message,
            }
        return self.message


class FileRejected(Exception):
    """The file cannot be read at all (size, type, corrupt, formulas, columns, empty)."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("; ".join(str(i) for i in issues))
        self.issues = issues


def reject(message: str) -> FileRejected:
    return FileRejected([Issue(message)])
