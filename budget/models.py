"""Costs: the plan's cost estimates (Tablo 24) and its printed totals.

The expenditures units report live in `indicators` (`Expenditure`).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from goals.models import Aim, Plan, Target
from karsplan.lib.numbers import format_tr_auto


class CostEstimate(models.Model):
    """Maliyet tahmini: the planned cost of a target for a year (Tablo 24)."""

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="cost_estimates", verbose_name=_("target")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount (TL)"), max_digits=18, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost estimate")
        verbose_name_plural = _("cost estimates")
        ordering = ["target", "year"]
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="cost_estimate_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="cost_estimate_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {format_tr_auto(self.amount)} TL"


class CostTotal(models.Model):
    """A total row of Tablo 24 as printed (aims, general expenses, grand total).

    ``year`` is null for the row's 2025–2029 total. Kept as printed, even where
    the printed totals do not add up (see fixtures/README.md).
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="cost_totals", verbose_name=_("plan")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("label"), max_length=200)
    aim = models.ForeignKey(
        Aim,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aim"),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    amount = models.DecimalField(_("amount (TL)"), max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("cost total (as printed)")
        verbose_name_plural = _("cost totals (as printed)")
        ordering = ["plan", "order", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "order", "year"],
                condition=Q(year__isnull=False),
                name="cost_total_unique_year",
            ),
            models.UniqueConstraint(
                fields=["plan", "order"],
                condition=Q(year__isnull=True),
                name="cost_total_unique_total",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="cost_total_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.year or ''}: {self.amount}"
