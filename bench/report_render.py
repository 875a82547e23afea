"""Benchmark: render the annual 2025 report (PDF and Excel) of the Kars plan and of the plan
20× larger; time its parts, its peak memory and its ratio to WeasyPrint's floor.

Uses the benchmark database (`bench/_plans.py`: both plans, 2025 filled with demo values;
`BENCH_DB` reuses one). Each render runs in a fresh process, so that its peak memory (maximum
resident set size) is its own. The floor is WeasyPrint's time for a plain document of the
same page count (one table per page, the report's fonts): the report cannot be faster than the
engine laying out and writing as many pages. Prints the render time, the share spent inside
WeasyPrint (layout + PDF writing) and outside it, the peak memory and the ratio to the floor:
the whole of `render_pdf` (HTML, layout, writing, joining the parts, the collections between
them) against the floor's layout and writing.
Targets of issue 12 for the 20× report: peak memory < 1 GB, time ≤ 1.15× the floor.

Run: `make bench` or `.venv/bin/python bench/report_render.py [--scale 1 20] [--runs N]`.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _plans import build_plans, setup_django  # noqa: E402

MAX_MEMORY_MB = 1024
MAX_FLOOR_RATIO = 1.15
ROWS_PER_PAGE = 30


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def render_report(scale: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    from reports.models import ReportKind
    from reports.rendering import report_data
    from reports.rendering.pdf import render_pdf
    from reports.rendering.xlsx import render_xlsx

    small, large = build_plans()
    plan = small if scale == 1 else large
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        data = report_data(plan, ReportKind.EVALUATION, 2025, 2)
    context = time.perf_counter() - started
    timings: dict[str, float] = {}
    before_pdf = time.perf_counter()
    pdf = render_pdf(data, timings=timings)
    after_pdf = time.perf_counter()
    xlsx = render_xlsx(data)
    xlsx_time = time.perf_counter() - after_pdf
    total = time.perf_counter() - started
    return {
        "pages": len(PdfReader(io.BytesIO(pdf.content)).pages),
        "queries": len(queries),
        "context": context,
        "xlsx": xlsx_time,
        "total": total,
        "pdf": after_pdf - before_pdf,
        "pdf_kb": len(pdf.content) / 1024,
        "xlsx_kb": len(xlsx.content) / 1024,
        **timings,
        "peak_mb": peak_mb(),
    }


def render_floor(pages: int) -> dict:
    """A plain document of `pages` pages, one table per page, in the report's fonts."""
    from weasyprint import HTML

    from reports.rendering.pdf import BASE_URL, StaticOnlyFetcher, static_url

    row = "<tr><td>P.G. 1.1.1</td><td>Gösterge adı</td>" + ("<td>123,45</td>" * 6) + "</tr>"
    table = f"<table>{row * ROWS_PER_PAGE}</table>"
    html = (
        "<html><head><style>"
        f"@font-face {{ font-family: DejaVu; src: url({static_url('fonts/DejaVuSans.ttf')}); }}"
        "@page { size: A4; margin: 18mm 14mm; @bottom-right { content: counter(page) "
        "' / ' counter(pages); font-size: 7.5pt; } }"
        "body { font-family: DejaVu; font-size: 8pt; }"
        "table { width: 100%; border-collapse: collapse; table-layout: fixed; }"
        "td { border: 0.3pt solid #999; padding: 1mm; }"
        "section { break-after: page; }"
        "</style></head><body>"
        + "".join(f"<section>{table}</section>" for _ in range(pages))
        + "</body></html>"
    )
    started = time.perf_counter()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
    laid_out = time.perf_counter()
    content = document.write_pdf()
    done = time.perf_counter()
    return {
        "pages": len(document.pages),
        "layout": laid_out - started,
        "write": done - laid_out,
        "total": done - started,
        "pdf_kb": len(content) / 1024,
        "peak_mb": peak_mb(),
    }


def child(args: list[str]) -> dict:
    """Run this script's `--child …` in a fresh process; its JSON answer."""
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, nargs="*", default=[1, 20], choices=[1, 20])
    parser.add_argument("--runs", type=int, default=1, help="render this many times")
    parser.add_argument("--child", choices=["report", "floor"], help=argparse.SUPPRESS)
    parser.add_argument("--pages", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup_django()
    if args.child == "report":
        print(json.dumps(render_report(args.scale[0])))
        return 0
    if args.child == "floor":
        print(json.dumps(render_floor(args.pages)))
        return 0

    build_plans()  # once, before the measured processes
    failures = []
    for scale in args.scale:
        for run in range(1, args.runs + 1):
            r = child(["--child", "report", "--scale", str(scale)])
            f = child(["--child", "floor", "--pages", str(r["pages"])])
            weasy = r["layout"] + r["write"]
            outside = r["total"] - weasy
            ratio = r["pdf"] / f["total"]
            print(f"{scale}× run {run}: annual 2025 report, {r['pages']} pages")
            print(
                f"  context (figures, narratives) {r['context'] * 1000:8.0f} ms"
                f"  {r['queries']} queries"
            )
            print(f"  HTML templates                {r['html'] * 1000:8.0f} ms")
            print(f"  WeasyPrint layout             {r['layout'] * 1000:8.0f} ms")
            print(f"  WeasyPrint PDF writing        {r['write'] * 1000:8.0f} ms")
            print(f"  PDF in all (render_pdf)       {r['pdf'] * 1000:8.0f} ms")
            print(f"  Excel workbook                {r['xlsx'] * 1000:8.0f} ms")
            print(f"  total                         {r['total'] * 1000:8.0f} ms")
            print(
                f"  inside WeasyPrint {weasy / r['total']:6.1%}   outside WeasyPrint"
                f" {outside / r['total']:6.1%} ({outside * 1000:.0f} ms)"
            )
            print(f"  PDF {r['pdf_kb']:.0f} KB, Excel {r['xlsx_kb']:.0f} KB")
            print(f"  peak memory                   {r['peak_mb']:8.0f} MB")
            print(
                f"  floor ({f['pages']} plain pages)       {f['total'] * 1000:8.0f} ms,"
                f" {f['peak_mb']:.0f} MB; PDF time / floor {ratio:.2f}×"
            )
            if scale == 20 and r["peak_mb"] >= MAX_MEMORY_MB:
                failures.append(f"20× peak memory {r['peak_mb']:.0f} MB")
            if scale == 20 and ratio > MAX_FLOOR_RATIO:
                failures.append(f"20× PDF time {ratio:.2f}× the floor")
    print(f"load: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for failure in failures:
        print(f"NOT MET: {failure}")
    return 1 if failures and os.environ.get("BENCH_STRICT") else 0


if __name__ == "__main__":
    sys.exit(main())
