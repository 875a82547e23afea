"""Benchmark: load the Kars plan into an empty SQLite database, then load it again.

Prints wall time and SQL query counts. Run: `make bench` or `.venv/bin/python bench/plan_load.py`.
"""

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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from plans.document import DEFAULT_PLAN_PATH, read_document  # noqa: E402
from plans.exporting import plan_export  # noqa: E402
from plans.loading import plan_load  # noqa: E402


def measure(label: str, func) -> object:
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
    print(f"{label:<28} {elapsed * 1000:8.1f} ms  {len(ctx.captured_queries):6d} queries")
    return result


call_command("migrate", verbosity=0)
document = read_document(DEFAULT_PLAN_PATH)
result = measure("load_plan (empty database)", lambda: plan_load(document=document))
measure("load_plan (again, no change)", lambda: plan_load(document=document))
measure("export_plan", lambda: plan_export(result.plan))
print(f"plan: {result.counts}")
