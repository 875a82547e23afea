"""A plan's data version: a token that every write of the plan's data changes.

The results of a plan are cached per (plan, year, period, approved only, data version)
(`reports.results.cache`, DESIGN.md §5). The version is a column of the plan
(`Plan.data_version`, a random UUID) that a write changes **in its own transaction**: a write
that rolls back leaves the old version (and so the cached figures) in place, a write that
commits makes every process read the new version on its next request, whatever cache backend
it uses.

Two ways in:

- `bump_for(obj, ...)`: the row's plan (found through its foreign keys: `PLAN_PATHS`) gets a
  new version. Model signals call it for every `save()` and `delete()` of a row that feeds the
  results (`reports.results.invalidation`), so the admin and the services are covered.
- `bump(plan_ids)`: for the bulk paths that bypass signals (`QuerySet.update`, `bulk_create`):
  `indicators.services.versioning.versioned_write` (entries, reviews, expenditures, imports),
  the workflow's status transitions and `plans.loading.plan_load`.

Inside a transaction a plan is bumped once: the first write runs the UPDATE and leaves a
marker in the transaction's on-commit callbacks; later writes see the marker and skip it.
Django drops the callbacks of a savepoint that rolls back, together with the UPDATE, so the
marker is there exactly while the new version is.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models, transaction

from goals.models import Plan

__all__ = [
    "ALL_PLANS",
    "PLAN_PATHS",
    "batched",
    "bump",
    "bump_for",
    "plan_data_version",
    "written_in_transaction",
]

ALL_PLANS = None
"""`bump(ALL_PLANS)`: a write that feeds every plan (a unit's name)."""

PLAN_PATHS: dict[str, tuple[str, ...]] = {
    "goals.plan": (),
    "goals.aim": (),
    "goals.target": (),
    "goals.activity": ("target",),
    "indicators.indicator": ("target",),
    "indicators.plannedvalue": ("indicator", "target"),
    "indicators.period": (),
    "indicators.submission": ("period",),
    "indicators.actual": ("period",),
    "indicators.targetreview": ("period",),
    "indicators.expenditure": ("period",),
    "budget.costestimate": ("target",),
}
"""Model label → the foreign keys that lead from a row to a model with a `plan` field (or to
the plan itself: `goals.plan`). `goals.unit` is not here: a unit belongs to every plan."""


_batched: ContextVar[bool] = ContextVar("karsplan_data_version_batched", default=False)


@contextmanager
def batched() -> Iterator[None]:
    """Inside, the saves and deletes of a plan's rows do not bump one by one (`bump_for` skips
    them): the caller bumps the plan itself (`bump`) before leaving, inside the same
    transaction. A unit still bumps every plan. For a bulk writer of one plan
    (`plans.loading.plan_load`), whose rows' plan would otherwise be looked up row by row."""
    token = _batched.set(True)
    try:
        yield
    finally:
        _batched.reset(token)


class _Bumped:
    """The marker of a bump in the current transaction (an on-commit callback that does
    nothing)."""

    def __init__(self, plan_ids: frozenset[int] | None) -> None:
        self.plan_ids = plan_ids
        self.resolved: dict[tuple[str, Any], int] = {}
        """(related model, its pk) → plan, looked up in this transaction (`bump_for`)."""

    def covers(self, plan_id: int) -> bool:
        return self.plan_ids is ALL_PLANS or plan_id in self.plan_ids

    def __call__(self) -> None:
        return None


def _markers() -> list[_Bumped]:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return []
    return [func for _sids, func, _robust in connection.run_on_commit if isinstance(func, _Bumped)]


def written_in_transaction(plan_id: int) -> bool:
    """Whether the current transaction has written the plan's data (and so bumped it): its
    results must then neither be read from nor put in the cache, which other transactions
    share."""
    return any(marker.covers(plan_id) for marker in _markers())


def bump(plan_ids: Iterable[int | None] | None) -> None:
    """Give the plans (`ALL_PLANS`: every plan) a new data version, in the current
    transaction; a plan already bumped in it is skipped. 1 query, or none."""
    markers = _markers()
    if plan_ids is ALL_PLANS:
        if any(m.plan_ids is ALL_PLANS for m in markers):
            return
        todo: frozenset[int] | None = ALL_PLANS
        Plan.objects.update(data_version=uuid.uuid4())
    else:
        todo = frozenset(
            p for p in plan_ids if p is not None and not any(m.covers(p) for m in markers)
        )
        if not todo:
            return
        Plan.objects.filter(pk__in=todo).update(data_version=uuid.uuid4())
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_Bumped(todo))


def _plan_id(obj: models.Model, path: tuple[str, ...]) -> int | None:
    """The plan of `obj` through `path`: related rows already loaded cost nothing, otherwise
    one query reads the plan's id from the first row not loaded."""
    for k, name in enumerate(path):
        field = obj._meta.get_field(name)
        if field.is_cached(obj):
            obj = getattr(obj, name)
            continue
        key = getattr(obj, field.attname)
        if key is None:
            return None
        lookup = "__".join([*path[k + 1 :], "plan"])
        return (
            field.related_model._base_manager.filter(pk=key).values_list(lookup, flat=True).first()
        )
    return obj.pk if isinstance(obj, Plan) else obj.plan_id


def bump_for(objs: Iterable[Any]) -> None:
    """Bump the plans of these rows (of models in `PLAN_PATHS`; a `goals.unit`: every plan).

    A row whose plan cannot be found (a row being deleted with its parents) bumps every
    plan: a spare recomputation, never a stale figure.
    """
    markers = _markers()
    if any(m.plan_ids is ALL_PLANS for m in markers):
        return
    known = {key: plan for m in markers for key, plan in m.resolved.items()}
    plan_ids: set[int] = set()
    resolved: dict[tuple[str, Any], int] = {}
    batch = _batched.get()
    for obj in objs:
        label = obj._meta.label_lower
        if label == "goals.unit":
            bump(ALL_PLANS)
            return
        if batch:
            continue
        path = PLAN_PATHS[label]
        if path:
            first = obj._meta.get_field(path[0])
            key = (first.related_model._meta.label_lower, getattr(obj, first.attname))
            plan_id = known.get(key) or resolved.get(key)
            if plan_id is None:
                plan_id = _plan_id(obj, path)
                if plan_id is not None:
                    resolved[key] = plan_id
        else:
            plan_id = _plan_id(obj, path)
        if plan_id is None:
            bump(ALL_PLANS)
            return
        plan_ids.add(plan_id)
    if plan_ids:
        bump(plan_ids)
    for marker in _markers():  # the lookups serve the rest of the transaction
        marker.resolved.update((key, plan) for key, plan in resolved.items() if marker.covers(plan))


def plan_data_version(plan_id: int) -> str | None:
    """The plan's current data version (1 query); None when the plan does not exist."""
    version = Plan.objects.filter(pk=plan_id).values_list("data_version", flat=True).first()
    return None if version is None else version.hex
