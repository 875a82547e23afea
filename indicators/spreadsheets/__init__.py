"""Excel in for actual values: the template, reading an upload, the dry run, the write.

    template_build(plan=, period=, unit=)   → .xlsx bytes, one row per indicator due   (template)
    sheet_read(name=, data=)                → Sheet, or raises FileRejected            (reading)
    import_preview(plan=, user=, sheet=)    → Preview: created / changed / unchanged rows,
                                              errors (row, column, message), warnings (preview)
    import_apply(plan=, user=, sheet=, …)   → writes through indicators.services       (apply)

The file format is the template's: rows keyed by (`Hedef`, `Sıra`, `Dönem`), `Dönem` written
like `2025-H1`, input columns `Değer`, `Açıklama`, `Sapma Nedeni`; the other columns are
context and are ignored on import. Column names are part of the file format and stay Turkish.
How to use it: docs/excel.md.

Safety: a file is read whole and checked before anything is written (size, type, formulas,
columns, every row); the write re-validates inside one transaction and goes through the
same services as the entry form (validation, workflow, lock checks, history).

Modules: `columns` (the file format: column names, periods, matching codes), `limits`,
`issues` (Issue, FileRejected), `cells` (single cells), `table` (header detection and the
rows of a Sheet), `reading` (sheet_read: which kind of file) with `reading_csv` and
`reading_xlsx`; `preview` (import_preview) with `preview_data` (the plan's data, the entry
rules' facts, the lock rules), `preview_keys` (target, order, period of a row) and
`preview_values` (cells and numbers); `apply`; `template`.
"""

from indicators.spreadsheets.apply import ImportRefused, import_apply
from indicators.spreadsheets.columns import (
    COL_HINT,
    COLUMNS,
    INFO_SHEET_TITLE,
    INPUT_COLUMNS,
    NO_DATA_TEXT,
    REQUIRED_COLUMNS,
    SHEET_TITLE,
    TEMPLATE_COLUMNS,
    XLSX_CONTENT_TYPE,
    period_label,
    period_parse,
)
from indicators.spreadsheets.issues import FileRejected, Issue
from indicators.spreadsheets.limits import MAX_BYTES
from indicators.spreadsheets.preview import (
    PREVIEW_QUERIES,
    Action,
    Preview,
    PreviewRow,
    import_preview,
)
from indicators.spreadsheets.reading import sheet_read, too_large
from indicators.spreadsheets.table import Sheet
from indicators.spreadsheets.template import (
    template_build,
    template_filename,
    template_indicators,
)

__all__ = [
    "COLUMNS",
    "COL_HINT",
    "INFO_SHEET_TITLE",
    "INPUT_COLUMNS",
    "MAX_BYTES",
    "NO_DATA_TEXT",
    "PREVIEW_QUERIES",
    "REQUIRED_COLUMNS",
    "SHEET_TITLE",
    "TEMPLATE_COLUMNS",
    "XLSX_CONTENT_TYPE",
    "Action",
    "FileRejected",
    "ImportRefused",
    "Issue",
    "Preview",
    "PreviewRow",
    "Sheet",
    "import_apply",
    "import_preview",
    "period_label",
    "period_parse",
    "sheet_read",
    "template_build",
    "template_filename",
    "template_indicators",
    "too_large",
]
