"""python manage.py render_report --kind izleme|degerlendirme --year 2025 [--period H1|H2]
--out FILE.pdf [--xlsx FILE.xlsx] [--docx FILE.docx]

Renders a report synchronously with the same renderer as the background jobs, without
creating an archive record.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from reports.cli import plan_year_half
from reports.models import ReportKind
from reports.rendering import data_checksum, report_data
from reports.rendering.docx import render_docx
from reports.rendering.pdf import render_pdf
from reports.rendering.xlsx import render_xlsx


class Command(BaseCommand):
    help = (
        "Render a monitoring (izleme, H1 or H2) or annual evaluation (degerlendirme) report "
        "to PDF, and optionally to Excel and Word, synchronously."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", required=True, choices=ReportKind.values)
        parser.add_argument("--year", type=int, required=True, help="plan year, e.g. 2025")
        parser.add_argument("--period", default="H2", help="H1 or H2 (izleme only; default H2)")
        parser.add_argument("--out", required=True, help="the PDF file to write")
        parser.add_argument("--xlsx", help="also write the Excel workbook to this file")
        parser.add_argument("--docx", help="also write the Word document to this file")
        parser.add_argument("--plan", type=int, help="plan id (default: the latest plan)")

    def handle(self, *args: object, **options: object) -> None:
        plan, year, half = plan_year_half(options)
        started = time.perf_counter()
        data = report_data(plan, options["kind"], year, half)
        pdf = render_pdf(data)
        with open(options["out"], "wb") as fh:
            fh.write(pdf.content)
        written = [f"{options['out']} ({len(pdf.content):,} bayt)"]
        if options["xlsx"]:
            xlsx = render_xlsx(data)
            with open(options["xlsx"], "wb") as fh:
                fh.write(xlsx.content)
            written.append(f"{options['xlsx']} ({len(xlsx.content):,} bayt)")
        if options["docx"]:
            docx = render_docx(data)
            with open(options["docx"], "wb") as fh:
                fh.write(docx.content)
            written.append(f"{options['docx']} ({len(docx.content):,} bayt)")
        self.stderr.write(
            f"{data.title} · {data.period_label}: {', '.join(written)}; "
            f"{time.perf_counter() - started:.1f} sn; veri özeti {data_checksum(data)[:12]}"
        )
