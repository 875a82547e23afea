"""Every save and delete of a row that feeds the results gives its plan a new data version.

Connected by `reports.apps.ReportsConfig.ready`. The models are those of
`goals.data_version.PLAN_PATHS` and `goals.Unit` (a unit's name is in every plan's results).
Writes that bypass signals (`QuerySet.update`, `bulk_create`) call `goals.data_version.bump`
themselves (listed in that module).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from goals import data_version

__all__ = ["connect"]


def _bump(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata: fixtures are not writes of a live plan
        return
    data_version.bump_for([instance])


def connect() -> None:
    labels = [*data_version.PLAN_PATHS, "goals.unit"]
    for label in labels:
        model = apps.get_model(label)
        uid = f"results-data-version:{label}"
        post_save.connect(_bump, sender=model, dispatch_uid=uid)
        post_delete.connect(_bump, sender=model, dispatch_uid=uid)
