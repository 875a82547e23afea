"""The results cache: a plan's results are computed once per data version (DESIGN.md §5).

`cached_results(plan, periods, approved_only, settings)` returns the results of each period;
`plan_results` and `plan_results_series` (`reports.results.assembly`) go through it, so every
page, export and command shares it.

An entry is keyed by (plan, year, half, approved only, the plan's data version, the
computation settings, the code's format). The data version (`goals.data_version`) is read from
the database on every call (1 query) and changes with every committed write of the plan's
data, so a figure is never older than the last committed write, in any process.

Two levels:

1. a small per-process memory (`MEMO_SIZE` entries, least recently used out): a hit costs no
   unpickling; entries are shared by the requests of the process and must be read only;
2. Django's cache (`CACHES["default"]`: Redis when `REDIS_URL` is set, local memory
   otherwise), shared by the processes. When it fails (Redis down) the results are computed,
   never refused.

On a miss the plan is loaded once, up to the latest missing period (`LOAD_QUERIES`), and the
missing periods are computed from it. A transaction that has written the plan's data reads
and computes without the cache: its figures are not committed yet.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.conf import settings as django_settings
from django.core.cache import cache

from goals import data_version
from goals import models as goals_models
from goals.models import Plan
from indicators import computation, entry_rules, results_inputs
from indicators import models as indicator_models
from indicators.computation import Settings
from reports import budget
from reports.results import budget as results_budget
from reports.results import figures
from reports.results.figures import Results

__all__ = [
    "MEMO_SIZE",
    "cached_results",
    "clear_memo",
    "derived",
    "results_cache_key",
    "results_key",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

MEMO_SIZE = getattr(django_settings, "KARSPLAN_RESULTS_MEMO_SIZE", 16)
"""Results kept unpickled per process: a whole series (10 periods for a 5-year plan) and a few
more; about 1 MB each for the Kars plan, 25 MB at 20× its size."""
TIMEOUT = 7 * 24 * 3600
"""Seconds an entry stays in Django's cache (an old version is never read again anyway)."""

_memo: OrderedDict[str, Results] = OrderedDict()
_derived: dict[str, dict[str, object]] = {}
"""Values computed from a memo entry's results (`derived`), dropped with the entry."""
_memo_lock = threading.Lock()
_format: str | None = None


def _code_format() -> str:
    """A digest of the code that builds and holds the results: a deployment that changes it
    never reads an entry pickled by the old code."""
    global _format
    if _format is None:
        digest = hashlib.sha256()
        modules = (
            computation,
            entry_rules,
            results_inputs,
            budget,
            figures,
            results_budget,
            goals_models,  # the model rows pickled in the results
            indicator_models,
        )
        for module in modules:
            digest.update(Path(module.__file__).read_bytes())
        digest.update((Path(figures.__file__).parent / "assembly.py").read_bytes())
        _format = digest.hexdigest()[:12]
    return _format


def results_key(
    plan_id: int,
    version: str,
    period: tuple[int, int],
    approved_only: bool,
    settings: Settings,
) -> str:
    setting_digest = hashlib.sha256(repr(settings).encode()).hexdigest()[:12]
    year, half = period
    scope = "approved" if approved_only else "all"
    return (
        f"karsplan:results:{_code_format()}:{plan_id}:{version}:{year}-H{half}:{scope}:"
        f"{setting_digest}"
    )


def clear_memo() -> None:
    """Forget the per-process entries (tests; Django's cache is cleared with cache.clear())."""
    with _memo_lock:
        _memo.clear()
        _derived.clear()


def _memo_get(key: str) -> Results | None:
    with _memo_lock:
        results = _memo.get(key)
        if results is not None:
            _memo.move_to_end(key)
        return results


def _memo_put(key: str, results: Results) -> None:
    with _memo_lock:
        _memo[key] = results
        _memo.move_to_end(key)
        _derived.pop(key, None)  # a new object under the key: its derived values are gone
        while len(_memo) > MEMO_SIZE:
            old, _results = _memo.popitem(last=False)
            _derived.pop(old, None)


def results_cache_key(results: Results) -> str | None:
    """The cache key `results` is held under in this process (it names the plan, its data
    version, the period, approved only and the settings), or None for results that were not
    cached (computed inside a transaction that wrote the plan's data, or narrowed to a part).

    Whatever is computed from `results` alone may be cached under this key: the key changes
    with every committed write of the plan's data."""
    with _memo_lock:
        for key in reversed(_memo):  # the latest entries first; at most MEMO_SIZE
            if _memo[key] is results:
                return key
    return None


def derived(results: Results, name: str, compute: Callable[[], T]) -> T:
    """`compute()`, a value that depends on `results` alone (the forecast, the problems of a
    period), computed once per process and results entry: kept beside the memo entry and
    dropped with it. Results that are not cached (`results_cache_key` is None) compute it
    every time. The value is shared by the requests of the process: read only."""
    key = results_cache_key(results)
    if key is None:
        return compute()
    with _memo_lock:
        values = _derived.get(key)
        if values is not None and name in values:
            return values[name]  # type: ignore[return-value]
    value = compute()
    with _memo_lock:
        if _memo.get(key) is results:
            _derived.setdefault(key, {})[name] = value
    return value


def _shared_get(keys: list[str]) -> dict[str, Results]:
    if not keys:
        return {}
    try:
        return cache.get_many(keys)
    except Exception:  # Redis down or an entry that no longer unpickles: compute
        logger.warning("results cache: read failed", exc_info=True)
        return {}


def _shared_put(entries: dict[str, Results]) -> None:
    try:
        cache.set_many(entries, timeout=TIMEOUT)
    except Exception:
        logger.warning("results cache: write failed", exc_info=True)


Compute = Callable[[list[tuple[int, int]]], dict[tuple[int, int], Results]]
"""Computes the results of the periods given (loading the plan once)."""


def cached_results(
    plan: Plan,
    periods: list[tuple[int, int]],
    approved_only: bool,
    settings: Settings,
    compute: Compute,
) -> list[Results]:
    """The whole plan's results of each (year, half) of `periods`, in that order.

    `compute(missing periods)` (`reports.results.assembly`) loads and computes what is not
    cached.

    Queries: 1 when every period is cached, 1 + `LOAD_QUERIES` otherwise (`LOAD_QUERIES` inside
    a transaction that has written the plan's data).
    """
    if data_version.written_in_transaction(plan.pk):
        computed = compute(periods)
        return [computed[p] for p in periods]
    version = data_version.plan_data_version(plan.pk)
    if version is None:  # the plan is gone: nothing to key the entry with
        computed = compute(periods)
        return [computed[p] for p in periods]
    keys = {p: results_key(plan.pk, version, p, approved_only, settings) for p in periods}
    found: dict[tuple[int, int], Results] = {}
    for p, key in keys.items():
        results = _memo_get(key)
        if results is not None:
            found[p] = results
    shared = _shared_get([keys[p] for p in periods if p not in found])
    for p, key in keys.items():
        if p not in found and key in shared:
            found[p] = shared[key]
            _memo_put(key, shared[key])
    missing = [p for p in periods if p not in found]
    if missing:
        computed = compute(missing)
        _shared_put({keys[p]: results for p, results in computed.items()})
        for p, results in computed.items():
            _memo_put(keys[p], results)
        found.update(computed)
    return [found[p] for p in periods]
