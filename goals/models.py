"""The plan's structure: Plan → Aim → Target, units and their members.

Indicators live in ``indicators``, costs in ``budget`` (imports flow one way:
goals ← indicators, budget ← reports).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from karsplan.lib.text import turkish_sort_key


class PlanQuerySet(models.QuerySet):
    """The one rule for "which plan is current": the newest start year; among plans that
    start in the same year, the one loaded last."""

    def newest_first(self) -> PlanQuerySet:
        return self.order_by(*PLAN_ORDERING)

    def current(self) -> Plan | None:
        return self.newest_first().first()


PLAN_ORDERING = ("-start_year", "-pk")


class Plan(models.Model):
    institution = models.CharField(_("institution"), max_length=200)
    name = models.CharField(_("name"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    mission = models.TextField(_("mission"), blank=True)
    vision = models.TextField(_("vision"), blank=True)
    core_values = models.JSONField(_("core values"), default=list, blank=True)
    public_pages = models.BooleanField(
        _("public pages"),
        default=False,
        help_text=_(
            "Show the plan, its published figures, reports and open data without login at /acik/."
        ),
    )
    data_version = models.UUIDField(
        _("data version"),
        default=uuid.uuid4,
        editable=False,
        help_text=_("Changed by every write of the plan's data (goals.data_version)."),
    )
    history = HistoricalRecords(excluded_fields=["data_version"])

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("strategic plan")
        verbose_name_plural = _("strategic plans")
        ordering = list(PLAN_ORDERING)
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="plan_unique_name"),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="plan_years_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("goals:plan", args=[self.pk])

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class UnitQuerySet(models.QuerySet):
    """Units ordered by name come in Turkish alphabetical order (`turkish_sort_key`).

    SQL orders by code point (SQLite) or by the server's collation (PostgreSQL), which put
    "İmar" and "Özel Kalem" after "Zabıta"; a queryset ordered by name (the default ordering
    or ``order_by("name")``, unsliced) is therefore sorted again in Python when it is fetched,
    so every list and dropdown of units reads in Turkish order (`iterator()` too, which
    form fields use).
    """

    def _fetch_all(self) -> None:
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._ordered_by_name() and self._iterable_class is models.query.ModelIterable:
            self._result_cache.sort(key=lambda unit: turkish_sort_key(unit.name))

    def iterator(self, chunk_size: int | None = None):  # noqa: ANN201 - as QuerySet's
        if self._ordered_by_name() and self._iterable_class is models.query.ModelIterable:
            return iter(list(self._chain()))  # form fields iterate this way
        return super().iterator(chunk_size)

    def _ordered_by_name(self) -> bool:
        query = self.query
        if query.low_mark or query.high_mark is not None:
            return False
        if query.order_by:
            return tuple(query.order_by) == ("name",)
        return query.default_ordering and not query.extra_order_by

    def responsible_in(self, plan: Plan | int) -> UnitQuerySet:
        """The units responsible for a target of `plan` (a Plan or its pk), by name; one
        row each (a subquery, no join)."""
        plan_id = plan if isinstance(plan, int) else plan.pk
        targets = Target.objects.filter(plan_id=plan_id, responsible_unit=models.OuterRef("pk"))
        return self.filter(models.Exists(targets)).order_by("name")


class Unit(models.Model):
    """A department (müdürlük). Users belong to units through ``UnitMembership``."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="UnitMembership",
        related_name="units",
        blank=True,
        verbose_name=_("members"),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("goals:unit", args=[self.pk])


class UnitMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("user")
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, verbose_name=_("unit"))

    class Meta:
        verbose_name = _("unit membership")
        verbose_name_plural = _("unit memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit}"


class Aim(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="aims", verbose_name=_("plan")
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("title"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aim")
        verbose_name_plural = _("aims")
        ordering = ["plan", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="aim_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("goals:aim", args=[self.pk])


class Target(models.Model):
    # ``plan`` repeats ``aim.plan`` so that the database can keep codes unique per plan.
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("plan")
    )
    aim = models.ForeignKey(
        Aim, on_delete=models.CASCADE, related_name="targets", verbose_name=_("aim")
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("title"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    responsible_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="responsible_targets",
        verbose_name=_("responsible unit"),
    )
    cooperating_units = models.ManyToManyField(
        Unit, related_name="cooperating_targets", blank=True, verbose_name=_("cooperating units")
    )
    cooperating_all_units = models.BooleanField(
        _("all units cooperate"),
        default=False,
        help_text=_('The card says "Tüm Birimler" (all units).'),
    )
    cost_estimate = models.DecimalField(
        _("cost estimate (card total)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The total cost as printed on the target card."),
    )
    source_notes = models.JSONField(
        _("source notes"),
        default=list,
        blank=True,
        help_text=_("Flaws of the printed plan that concern this target."),
    )
    history = HistoricalRecords(m2m_fields=[cooperating_units])

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="target_unique_code"),
            models.CheckConstraint(
                condition=Q(cost_estimate__gte=0) | Q(cost_estimate__isnull=True),
                name="target_cost_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("goals:target", args=[self.pk])


class TargetItem(models.Model):
    """An ordered text item of a target card (risk, finding, need)."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))

    class Meta:
        abstract = True
        ordering = ["target", "order"]

    def __str__(self) -> str:
        return self.text[:80]


class Activity(models.Model):
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="activities", verbose_name=_("target")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["target", "number"]
        constraints = [
            models.UniqueConstraint(fields=["target", "number"], name="activity_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}- {self.text[:80]}"


class Risk(TargetItem):
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="risks", verbose_name=_("target")
    )

    class Meta(TargetItem.Meta):
        verbose_name = _("risk")
        verbose_name_plural = _("risks")


class Finding(TargetItem):
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="findings", verbose_name=_("target")
    )

    class Meta(TargetItem.Meta):
        verbose_name = _("finding")
        verbose_name_plural = _("findings")


class Need(TargetItem):
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="needs", verbose_name=_("target")
    )

    class Meta(TargetItem.Meta):
        verbose_name = _("need")
        verbose_name_plural = _("needs")
