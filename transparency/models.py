"""What the public pages show of a period: the figures frozen when a report was published."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedFigures(models.Model):
    """The open data of (plan, year, half) as it stood when `report` was published.

    Written once by `transparency.services.snapshot_take` and never changed: a public figure stays
    as published until a report of the period is published again. `data` is the open-data
    JSON document (docs/open-data.md, schema version `transparency.opendata.SCHEMA_VERSION`).
    """

    plan = models.ForeignKey(
        "goals.Plan", on_delete=models.CASCADE, related_name="+", verbose_name=_("plan")
    )
    report = models.ForeignKey(
        "reports.Report", on_delete=models.CASCADE, related_name="+", verbose_name=_("report")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("period"), choices=[(1, "H1"), (2, "H2")])
    published_at = models.DateTimeField(_("published at"))
    data = models.JSONField(_("figures"))

    class Meta:
        verbose_name = _("published figures")
        verbose_name_plural = _("published figures")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["plan", "year", "half"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(half__in=[1, 2]), name="published_figures_half_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.year}-H{self.half} ({self.published_at:%Y-%m-%d %H:%M})"

    @property
    def label(self) -> str:
        return f"{self.year}-H{self.half}"
