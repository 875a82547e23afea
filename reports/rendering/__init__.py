"""The official reports: one context, two pure renderers (PDF and Excel).

    data = report_data(plan, kind, year, half)     # context.py: 11 queries, whatever the size
    data_checksum(data)                            # what the archive compares
    render_pdf(data) / render_xlsx(data)           # → RenderedFile(filename, content_type, bytes)

Every figure comes from `reports.results` (the same numbers as the dashboards and
`export_results`); the renderers only lay them out.
"""

import logging

# WeasyPrint logs every layout step at INFO ("Step 5 - Creating layout - Page 12"), some of them
# when it is imported: an 80-page report would fill the worker's log. Quieted here, before the
# renderer imports it; its warnings (a refused URL, a CSS error) still show.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from reports.rendering.context import (  # noqa: E402
    RENDERER_VERSION,
    ReportData,
    canonical_data,
    data_checksum,
    report_data,
)
from reports.rendering.files import RenderedFile  # noqa: E402

__all__ = [
    "RENDERER_VERSION",
    "RenderedFile",
    "ReportData",
    "canonical_data",
    "data_checksum",
    "report_data",
]
