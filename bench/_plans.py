"""Shared by the benchmarks: a database with the Kars plan and a plan 20× larger, with demo
values for 2025 (both halves).

The large plan is the Kars plan's document repeated 20 times (aims A1…A160, targets and
indicators renumbered, the same 22 units): 600 targets, 3,680 indicators, so that a unit has
20 times as many indicators to enter. Both plans get `indicators.demo.demo_fill` values and
expenditures.

`setup_django()` configures Django on a throwaway SQLite file, or on `BENCH_DB=/path/file.sqlite3`
(kept: `make bench` builds it once for all its scripts); `build_plans()` builds what is missing
and returns the two plans.
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACTOR = 20
LARGE_NAME = "Kars Belediyesi 2025-2029 Stratejik Planı (20 kat)"


def scaled_document(document: dict, factor: int = FACTOR, name: str = LARGE_NAME) -> dict:
    """`document` with its aims repeated `factor` times, renumbered (A1…A{8 × factor})."""
    doc = copy.deepcopy(document)
    doc["plan"]["name"] = name
    aims = []
    count = len(document["aims"])
    for copy_no in range(factor):
        for a, aim in enumerate(document["aims"], start=1):
            n = copy_no * count + a
            new = copy.deepcopy(aim)
            new["code"] = f"A{n}"
            for k, target in enumerate(new["targets"], start=1):
                target["code"] = f"H{n}.{k}"
                for ind in target["indicators"]:
                    ind["code"] = f"P.G. {n}.{k}.{ind['order']}"
            aims.append(new)
    doc["aims"] = aims
    doc["cost_totals"] = []
    doc["key_performance_indicators"] = document["key_performance_indicators"]
    return doc


def setup_django(db_path: Path | None = None) -> Path:
    sys.path.insert(0, str(ROOT))
    if db_path is None:
        env = os.environ.get("BENCH_DB")
        db_path = Path(env) if env else Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "karsplan.settings")
    import django

    django.setup()
    return db_path


def build_plans() -> tuple:
    """Migrate, load both plans and fill 2025 with demo values (skipped for a plan that is
    already there). Returns (kars plan, 20× plan)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from goals.models import Plan
    from indicators.demo import demo_fill
    from plans.document import DEFAULT_PLAN_PATH, read_document
    from plans.loading import plan_load

    call_command("migrate", verbosity=0)
    user_model = get_user_model()
    user = user_model.objects.filter(username="bench").first()
    if user is None:
        user = user_model.objects.create_superuser("bench", "bench@example.org", "bench")
    kars_doc = read_document(DEFAULT_PLAN_PATH)
    plans = []
    for doc in (kars_doc, scaled_document(json.loads(json.dumps(kars_doc)))):
        plan = Plan.objects.filter(name=doc["plan"]["name"]).first()
        if plan is None:
            started = time.perf_counter()
            plan = plan_load(document=doc).plan
            # The calendar of February 2026: 2025-H1 done, 2025-H2 filled and open.
            demo_fill(
                plan,
                today=datetime.date(2026, 2, 15),
                user=user,
                expenditure=lambda t, p: Decimal(40000),
            )
            print(f"built {plan.name}: {time.perf_counter() - started:.0f} s", flush=True)
        plans.append(plan)
    return plans[0], plans[1]


def bench_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="bench")
