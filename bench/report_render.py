"""Benchmark: render the Kars plan's annual 2025 report (PDF and Excel) and time its parts.

Loads the plan into a throwaway SQLite database, fills 2025 with demo values
(`indicators.demo.demo_fill`), then renders the "Stratejik Plan İzleme ve Değerlendirme
Raporu" as the background job does. Prints the render time, the share spent inside WeasyPrint
(layout + PDF writing) and outside it (loading and computing the figures, the HTML, the Excel
workbook).

Run: `make bench` or `.venv/bin/python bench/report_render.py [--runs N]`.
"""

import argparse
import datetime
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
db = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{db}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "karsplan.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from indicators.demo import demo_fill  # noqa: E402
from plans.document import DEFAULT_PLAN_PATH, read_document  # noqa: E402
from plans.loading import plan_load  # noqa: E402
from reports.models import ReportKind  # noqa: E402
from reports.rendering import report_data  # noqa: E402
from reports.rendering.pdf import render_pdf  # noqa: E402
from reports.rendering.xlsx import render_xlsx  # noqa: E402


def fill(plan) -> str:
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
    # The calendar of February 2026: 2025-H1 done, 2025-H2 filled and open.
    demo_fill(plan, today=datetime.date(2026, 2, 15), user=user)
    return "indicators.demo.demo_fill"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1, help="render this many times")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    plan = plan_load(document=read_document(DEFAULT_PLAN_PATH)).plan
    filler = fill(plan)
    print(f"plan: {plan.name}; 2025 filled by {filler}")

    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            data = report_data(plan, ReportKind.EVALUATION, 2025, 2)
        context = time.perf_counter() - started
        timings: dict[str, float] = {}
        pdf = render_pdf(data, timings=timings)
        after_pdf = time.perf_counter()
        xlsx = render_xlsx(data)
        xlsx_time = time.perf_counter() - after_pdf
        total = time.perf_counter() - started
        weasy = timings["layout"] + timings["write"]
        outside = total - weasy
        pages = len(PdfReader(io.BytesIO(pdf.content)).pages)
        print(f"run {run}: annual 2025 report, {pages} pages")
        print(f"  context (figures, narratives) {context * 1000:8.0f} ms  {len(queries)} queries")
        print(f"  HTML templates                {timings['html'] * 1000:8.0f} ms")
        print(f"  WeasyPrint layout             {timings['layout'] * 1000:8.0f} ms")
        print(f"  WeasyPrint PDF writing        {timings['write'] * 1000:8.0f} ms")
        print(f"  Excel workbook                {xlsx_time * 1000:8.0f} ms")
        print(f"  total                         {total * 1000:8.0f} ms")
        print(
            f"  inside WeasyPrint {weasy / total:6.1%}   outside WeasyPrint {outside / total:6.1%}"
            f" ({outside * 1000:.0f} ms)"
        )
        print(f"  PDF {len(pdf.content) / 1024:.0f} KB, Excel {len(xlsx.content) / 1024:.0f} KB")


def docx_timing() -> None:
    """Time the Word document of the same report (the plan and data that `main` loaded)."""
    from goals.models import Plan
    from reports.rendering.docx import render_docx

    plan = Plan.objects.newest_first().first()
    data = report_data(plan, ReportKind.EVALUATION, 2025, 2)
    started = time.perf_counter()
    docx = render_docx(data)
    took = time.perf_counter() - started
    size = len(docx.content) / 1024
    print(f"  Word document                 {took * 1000:8.0f} ms  ({size:.0f} KB)")


if __name__ == "__main__":
    main()
    docx_timing()
