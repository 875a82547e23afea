"""Writes of rows that carry a `version`, refusing those changed since the user read them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Cast

from goals import data_version


@dataclass
class VersionedChange:
    """One row to write: `obj` is the current row (None: create it from `lookup`)."""

    obj: models.Model | None
    version: int | None
    values: dict[str, Any]
    lookup: dict[str, Any] = field(default_factory=dict)


def versioned_write(
    model: type[models.Model],
    changes: Sequence[VersionedChange],
    *,
    user: Any,
    now: dt.datetime,
    reason: str = "",
) -> tuple[list[VersionedChange], list[models.Model]]:
    """Write rows that carry a `version`, refusing those changed since the user read them.

    Call inside a transaction; when stale changes are returned the caller must roll back.

    1. A change whose `version` is not None and differs from the current row's (0 when there
       is no row) is stale: return the stale ones and write nothing.
    2. Update the existing rows in one conditional statement,
       ``UPDATE … SET f = CASE pk … END, version = version + 1 WHERE (pk = 1 AND version = 3)
       OR …``; if it matches fewer rows than expected someone wrote in between: re-read the
       versions and return those that moved.
    3. Insert the new rows (version 1) in one statement; a unique violation means someone
       created the row in between: all inserts are stale.
    4. Record the history of every row written, in one statement each for updates and inserts.

    Returns (stale changes, rows written). Queries: at most 6 per 500 rows, and up to 2 to
    give the plan a new data version (`goals.data_version`).
    """
    user = user if getattr(user, "is_authenticated", False) else None
    stale = [
        c
        for c in changes
        if c.version is not None and c.version != (c.obj.version if c.obj is not None else 0)
    ]
    if stale:
        return stale, []
    written: list[models.Model] = []
    updates = [c for c in changes if c.obj is not None]
    for start in range(0, len(updates), 500):
        batch = updates[start : start + 500]
        names = sorted({name for c in batch for name in c.values})
        assignments: dict[str, Any] = {}
        for name in names:
            model_field = model._meta.get_field(name)
            whens = [
                When(pk=c.obj.pk, then=Value(c.values[name], output_field=model_field))
                for c in batch
                if name in c.values
            ]
            case = Case(*whens, default=F(name), output_field=model_field)
            if connection.features.requires_casted_case_in_updates:
                case = Cast(case, output_field=model_field)
            assignments[name] = case
        condition = reduce(or_, (Q(pk=c.obj.pk, version=c.obj.version) for c in batch))
        count = model.objects.filter(condition).update(
            **assignments, version=F("version") + 1, updated_at=now, updated_by=user
        )
        if count != len(batch):
            versions = dict(
                model.objects.filter(pk__in=[c.obj.pk for c in batch]).values_list("pk", "version")
            )
            return [c for c in batch if versions.get(c.obj.pk) != c.obj.version + 1], []
        for c in batch:
            for name, value in c.values.items():
                setattr(c.obj, name, value)
            c.obj.version += 1
            c.obj.updated_at = now
            c.obj.updated_by = user
            written.append(c.obj)
    if updates:
        model.history.bulk_history_create(
            [c.obj for c in updates],
            update=True,
            default_user=user,
            default_change_reason=reason,
            default_date=now,
        )
    creates = [c for c in changes if c.obj is None]
    if creates:
        objs = [
            model(**c.lookup, **c.values, version=1, updated_at=now, updated_by=user)
            for c in creates
        ]
        try:
            with transaction.atomic():
                objs = model.objects.bulk_create(objs, batch_size=500)
        except IntegrityError:
            return creates, []
        model.history.bulk_history_create(
            objs, default_user=user, default_change_reason=reason, default_date=now
        )
        for c, obj in zip(creates, objs, strict=True):
            c.obj = obj
        written += objs
    data_version.bump_for(written)  # bulk writes send no signal: the results cache's version
    return [], written
