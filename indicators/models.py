"""Indicators, their planned values, the monitoring periods and what units enter.

Statuses are moved only by services (``indicators/services/``); models hold
state and the rules that need nothing but their own row.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from goals.models import Activity, Plan, Target, Unit
from karsplan.lib.numbers import format_tr_auto


class Measure(models.TextChoices):
    FLOW = "flow", _("Flow (sum of the periods)")
    LEVEL = "level", _("Level (latest period)")
    AVERAGE = "average", _("Average of the periods")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase (higher is better)")
    DECREASE = "decrease", _("Decrease (lower is better)")


class Frequency(models.IntegerChoices):
    SIX_MONTHS = 6, _("6 months")
    TWELVE_MONTHS = 12, _("12 months")


class Indicator(models.Model):
    """A performance indicator (performans göstergesi) of a target.

    ``code`` is shown as printed and repeats inside a target (its third number is
    the activity it measures); the key is (target, order).
    """

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("target")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.CharField(_("code"), max_length=30)
    name = models.TextField(_("name"))
    weight = models.DecimalField(
        _("weight (%)"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    measure = models.CharField(
        _("measure"), max_length=10, choices=Measure.choices, default=Measure.LEVEL
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    monitoring_frequency_months = models.PositiveSmallIntegerField(
        _("monitoring frequency (months)"), choices=Frequency.choices, default=6
    )
    reporting_frequency_months = models.PositiveSmallIntegerField(
        _("reporting frequency (months)"), choices=Frequency.choices, default=6
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("activity"),
    )
    is_key = models.BooleanField(_("key performance indicator"), default=False)
    card = models.PositiveSmallIntegerField(
        _("card"), default=1, help_text=_("The target card the indicator is printed on.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["target", "order"]
        constraints = [
            models.UniqueConstraint(fields=["target", "order"], name="indicator_unique_order"),
            models.CheckConstraint(
                condition=Q(weight__gte=0) | Q(weight__isnull=True),
                name="indicator_weight_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target.code} #{self.order} {self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:detail", args=[self.pk])

    @property
    def is_percent(self) -> bool:
        return self.unit_of_measure.strip() == "%"

    def is_due_in_half(self, half: int) -> bool:
        """An indicator monitored every 12 months is entered only in H2."""
        return half == 2 or self.monitoring_frequency_months < 12


class PlannedValue(models.Model):
    """Yıllık hedeflenen değer: the planned value B of an indicator for a year."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="planned_values",
        verbose_name=_("indicator"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("planned value"), max_digits=20, decimal_places=4)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planned value")
        verbose_name_plural = _("planned values")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="planned_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {format_tr_auto(self.value)}"


class KeyPerformanceIndicator(models.Model):
    """A row of the plan's Tablo 1 (Temel Performans Göstergeleri), as printed."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="key_indicators", verbose_name=_("plan")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.TextField(_("name"))
    baseline = models.DecimalField(
        _("baseline"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    target_value = models.DecimalField(
        _("target value at the plan's end"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_entries",
        verbose_name=_("indicator"),
    )

    class Meta:
        verbose_name = _("key performance indicator")
        verbose_name_plural = _("key performance indicators")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="kpi_unique_order"),
        ]

    def __str__(self) -> str:
        return self.name


class Half(models.IntegerChoices):
    H1 = 1, _("H1 (January–June)")
    H2 = 2, _("H2 (July–December)")


class PeriodState(models.TextChoices):
    AUTO = "auto", _("By the calendar")
    OPEN = "open", _("Opened by the strategy office")
    CLOSED = "closed", _("Closed by the strategy office")


class Period(models.Model):
    """A six-month monitoring period (2025-H1 … 2029-H2) and its entry window."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="periods", verbose_name=_("plan")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("half"), choices=Half.choices)
    opens_on = models.DateField(_("entry opens on"))
    deadline = models.DateField(_("entry deadline"))
    state = models.CharField(
        _("state"), max_length=10, choices=PeriodState.choices, default=PeriodState.AUTO
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["plan", "year", "half"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "half"], name="period_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.year}-H{self.half}"

    @property
    def starts_on(self) -> dt.date:
        return dt.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def ends_on(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    def is_open_on(self, day: dt.date) -> bool:
        """Whether units may enter values on ``day`` (lock exceptions aside)."""
        if self.state == PeriodState.OPEN:
            return True
        if self.state == PeriodState.CLOSED:
            return False
        return self.opens_on <= day <= self.deadline


class LockException(models.Model):
    """A locked period reopened for one unit, with a reason, until an end date."""

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="lock_exceptions", verbose_name=_("period")
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, verbose_name=_("unit"))
    reason = models.TextField(_("reason"))
    until = models.DateField(_("until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lock exception")
        verbose_name_plural = _("lock exceptions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.period} – {self.unit}"

    def is_active_on(self, day: dt.date) -> bool:
        return day <= self.until


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class SubmissionQuerySet(models.QuerySet):
    def with_first_submitted_at(self) -> SubmissionQuerySet:
        """Annotate `first_submitted_at`, the time of the first submission: the earliest
        `submitted_at` of the "submitted" history records (a resubmission overwrites the
        row's `submitted_at`, never its history); see `indicators.lateness`."""
        history = self.model.history.model
        first = Subquery(
            history.objects.filter(
                id=OuterRef("pk"),
                status=SubmissionStatus.SUBMITTED,
                submitted_at__isnull=False,
            )
            .order_by("submitted_at")
            .values("submitted_at")[:1]
        )
        return self.annotate(first_submitted_at=Coalesce(first, F("submitted_at")))


class Submission(models.Model):
    """The workflow of one unit's entries for one period."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("unit")
    )
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("period")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    return_reason = models.TextField(_("return reason"), blank=True)
    reopen_reason = models.TextField(_("reopen reason"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["period", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="submission_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period}"

    @property
    def is_editable(self) -> bool:
        return self.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


class VersionedEntry(models.Model):
    """What a unit enters for a period: written only through `services.versioned_write`,
    which refuses a change made from a stale `version`."""

    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        abstract = True


class Actual(VersionedEntry):
    """Gerçekleşme: the value of an indicator in a period, with its explanation."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="actuals", verbose_name=_("indicator")
    )
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="actuals", verbose_name=_("period")
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    deviation_reason = models.TextField(_("deviation reason"), blank=True)
    # "Veri yok" (DESIGN.md §4): the unit declares it cannot measure the indicator this period.
    # The row counts as answered; `value` stays empty and `explanation` carries the reason.
    no_data = models.BooleanField(_("no data (veri yok)"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actual value")
        verbose_name_plural = _("actual values")
        ordering = ["period", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="actual_unique"),
            models.CheckConstraint(
                condition=Q(value__gte=0) | Q(value__isnull=True), name="actual_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(no_data=False) | (Q(value__isnull=True) & ~Q(explanation="")),
                name="actual_no_data_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_id}: {self.value}"


class ReviewComment(models.Model):
    """A thread on one indicator of a submission (DESIGN.md §4 "Conversation").

    The strategy office opens it when returning the submission (`parent` empty); the unit and
    the reviewer answer in it (replies: `parent` is the thread's first comment, one level
    only); the reviewer marks the thread resolved (`resolved_at` on the first comment).
    """

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="comments", verbose_name=_("submission")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("indicator")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("thread"),
    )
    text = models.TextField(_("comment"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:80]


REVIEW_TEXT_FIELDS = (
    ("activities_done", _("Activities carried out")),
    ("deviation_reasons", _("Deviation reasons")),
    ("corrective_actions", _("Corrective actions")),
    ("relevance", _("Relevance")),
    ("effectiveness", _("Effectiveness")),
    ("efficiency", _("Efficiency")),
    ("sustainability", _("Sustainability")),
)
"""The target review's text fields and their labels (forms, entries, history, exports)."""
REVIEW_CRITERIA = ("relevance", "effectiveness", "efficiency", "sustainability")
"""The evaluation criteria among `REVIEW_TEXT_FIELDS`: written once a year, in H2."""


class TargetReview(VersionedEntry):
    """Hedef değerlendirmesi: the responsible unit's narrative on a target for a period."""

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("target")
    )
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="target_reviews", verbose_name=_("period")
    )
    activities_done = models.TextField(_("activities carried out"), blank=True)
    deviation_reasons = models.TextField(_("deviation reasons"), blank=True)
    corrective_actions = models.TextField(_("corrective actions"), blank=True)
    relevance = models.TextField(_("relevance (İlgililik)"), blank=True)
    effectiveness = models.TextField(_("effectiveness (Etkililik)"), blank=True)
    efficiency = models.TextField(_("efficiency (Etkinlik)"), blank=True)
    sustainability = models.TextField(_("sustainability (Sürdürülebilirlik)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target review")
        verbose_name_plural = _("target reviews")
        constraints = [
            models.UniqueConstraint(fields=["target", "period"], name="target_review_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.target_id} {self.period_id}"


class Expenditure(VersionedEntry):
    """Gerçekleşen harcama: what a target actually cost in a period (TL).

    Entered, versioned, locked and approved with the period's submission, beside the
    indicators. The table keeps the name it had in the budget app.
    """

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="expenditures", verbose_name=_("target")
    )
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="expenditures", verbose_name=_("period")
    )
    amount = models.DecimalField(_("amount (TL)"), max_digits=18, decimal_places=2)
    history = HistoricalRecords(table_name="budget_historicalexpenditure")

    class Meta:
        db_table = "budget_expenditure"
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        ordering = ["period", "target"]
        constraints = [
            models.UniqueConstraint(fields=["target", "period"], name="expenditure_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="expenditure_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.target_id} {self.period_id}: {self.amount}"


EXPENDITURE_FIELDS = (("amount", _("Actual expenditure (TL)")),)
"""The expenditure's entered field and its label (entry page, history)."""


EVIDENCE_DIR = "evidence"
"""The folder of evidence files under MEDIA_ROOT (``evidence_orphans`` looks there)."""


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """Random stored names: the user's file name is kept only in ``original_name``."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{EVIDENCE_DIR}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A file that documents an actual value (PDF, image, Word, Excel; ≤ 20 MB)."""

    actual = models.ForeignKey(
        Actual, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("actual value")
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # A removed file is kept (and the strategy office can restore it) until the period's
    # submission is approved; then it is deleted for good (`evidence_purge_removed`).
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
