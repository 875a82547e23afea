"""The official reports: one context, three pure renderers (PDF, Excel and Word).

    data = report_data(plan, kind, year, half)     # context.py: 13 queries, whatever the size
    data_checksum(data)                            # checksum.py: what the archive compares
    executive_summary(data)                        # summary.py: the Yönetici Özeti
    render_pdf(data) / render_xlsx(data) / render_docx(data)
                                                   # → RenderedFile(filename, content_type, bytes)

Every figure comes from `reports.results` (the same numbers as the dashboards and
`export_results`); the renderers only lay them out.
"""

import logging

# WeasyPrint logs every layout step at INFO ("Step 5 - Creating layout - Page 12"), some of them
# when it is imported: an 80-page report would fill the worker's log. Quieted here, before the
# renderer imports it; its warnings (a refused URL, a CSS error) still show.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from reports.rendering.checksum import canonical_data, data_checksum  # noqa: E402
from reports.rendering.context import (  # noqa: E402
    RENDERER_VERSION,
    ReportData,
    RiskTarget,
    report_data,
)
from reports.rendering.files import RenderedFile  # noqa: E402

__all__ = [
    "RENDERER_VERSION",
    "RenderedFile",
    "ReportData",
    "RiskTarget",
    "canonical_data",
    "data_checksum",
    "report_data",
]
