"""Benchmark: every page's SQL queries and time for the Kars plan (1×) and a plan 20× larger,
in one database, measured alternately.

Builds (or reuses, `BENCH_DB=/path/file.sqlite3`) a SQLite database with both plans and 2025
demo values (`bench/_plans.py`), then requests each page as the strategy office (the entry
page as the unit's staff would see it) through Django's test client: first once with the
results cache empty ("cold": the figures are computed), then `--runs` times alternating 1× and
20× ("warm", the median is printed), and once more with Django's cache emptied but the
process's results kept ("render": the page and its cached fragments rendered). Prints the
queries of each page at both sizes, the times and the ratio 20× / 1×, and checks the targets
of issue 12: every page ≤ 15 queries, equal at both sizes; every dashboard page at 20× ≤ 4×
its time at 1× (warm).

Run: `make bench` or `.venv/bin/python bench/scale.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _plans import bench_user, build_plans, setup_django  # noqa: E402

MAX_QUERIES = 15
MAX_RATIO = 4.0
DASHBOARDS = ("overview", "problems", "units", "aim", "target", "indicator")


def page_urls(plan) -> dict[str, str]:
    from django.urls import reverse

    from goals.models import Unit
    from indicators.models import Indicator, Period, Submission

    target = plan.targets.order_by("order").first()
    indicator = Indicator.objects.filter(target=target).order_by("order").first()
    period = Period.objects.get(plan=plan, year=2025, half=1)
    unit = Unit.objects.get(pk=target.responsible_unit_id)
    submission = Submission.objects.filter(unit=unit, period=period).first()
    q = "?year=2025&period=H2"
    urls = {
        "overview": reverse("reports:overview", args=[plan.pk]) + q,
        "problems": reverse("reports:problems", args=[plan.pk]) + q,
        "units": reverse("reports:units", args=[plan.pk]) + q,
        "aim": reverse("reports:aim", args=[target.aim_id]) + q,
        "target": reverse("reports:target", args=[target.pk]) + q,
        "indicator": reverse("reports:indicator", args=[indicator.pk]) + q,
        "plan page": reverse("goals:plan", args=[plan.pk]),
        "entry page": reverse("indicators:entry", args=[unit.pk, period.pk]),
    }
    if submission is not None:
        urls["submission page"] = reverse("indicators:submission", args=[submission.pk])
    return urls


def request(client, url: str) -> tuple[int, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return len(ctx.captured_queries), elapsed, len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "7")))
    args = parser.parse_args()
    setup_django()
    from django.core.cache import cache
    from django.test import Client

    from reports.results.cache import clear_memo

    small, large = build_plans()
    client = Client()
    client.force_login(bench_user())
    client.get("/")
    sizes = {"1×": page_urls(small), "20×": page_urls(large)}
    names = list(sizes["1×"])

    clear_memo()
    cache.clear()
    cold: dict[tuple[str, str], tuple[int, float, int]] = {}
    for name in names:
        for size, urls in sizes.items():
            cold[(name, size)] = request(client, urls[name])
    warm: dict[tuple[str, str], list[float]] = {key: [] for key in cold}
    queries: dict[tuple[str, str], int] = {}
    for _run in range(args.runs):
        for name in names:
            for size, urls in sizes.items():
                count, elapsed, _bytes = request(client, urls[name])
                warm[(name, size)].append(elapsed)
                queries[(name, size)] = count

    # Each page once more with Django's cache emptied but the process's results memo kept: the
    # figures cost nothing, the page (and its fragments) is rendered ("render").
    rendered: dict[tuple[str, str], float] = {}
    for name in names:
        for size, urls in sizes.items():
            cache.clear()
            rendered[(name, size)] = request(client, urls[name])[1]

    failures = []
    print(
        f"{'page':<16} {'queries 1×/20×':>15} {'cold q':>7} {'cold ms 1×/20×':>17}"
        f" {'warm ms 1×':>11} {'warm ms 20×':>12} {'ratio':>6} {'kB 20×':>7}"
        f" {'render ms 1×/20×':>17}"
    )
    for name in names:
        q1, q20 = queries[(name, "1×")], queries[(name, "20×")]
        c1, c20 = cold[(name, "1×")][1], cold[(name, "20×")][1]
        cold_q = f"{cold[(name, '1×')][0]}/{cold[(name, '20×')][0]}"
        w1 = statistics.median(warm[(name, "1×")])
        w20 = statistics.median(warm[(name, "20×")])
        ratio = w20 / w1
        kb = cold[(name, "20×")][2] / 1024
        print(
            f"{name:<16} {q1:>7} / {q20:<5} {cold_q:>7} {c1 * 1000:>8.0f} / {c20 * 1000:<6.0f}"
            f" {w1 * 1000:>11.1f} {w20 * 1000:>12.1f} {ratio:>5.1f}× {kb:>7.0f}"
            f" {rendered[(name, '1×')] * 1000:>8.0f} / {rendered[(name, '20×')] * 1000:<6.0f}"
        )
        if q1 != q20 or max(q1, q20) > MAX_QUERIES:
            failures.append(f"{name}: {q1} / {q20} queries")
        if name in DASHBOARDS and ratio > MAX_RATIO:
            failures.append(f"{name}: 20× costs {ratio:.1f}× the time of 1×")
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    for failure in failures:
        print(f"NOT MET: {failure}")
    return 1 if failures and os.environ.get("BENCH_STRICT") else 0


if __name__ == "__main__":
    sys.exit(main())
