"""Reports and background-job bookkeeping."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class WorkerHeartbeat(models.Model):
    """Written by ``heartbeat_task``: proves a Celery worker reaches the database."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    hostname = models.CharField(_("worker"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.hostname} {self.created_at:%Y-%m-%d %H:%M:%S}"


class ReportKind(models.TextChoices):
    MONITORING = "izleme", _("Monitoring report (six-monthly)")
    EVALUATION = "degerlendirme", _("Monitoring and evaluation report (annual)")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


def report_upload_to(instance: Report, filename: str) -> str:
    """Stored names never collide: every generated file is kept (the plan's archive)."""
    return f"reports/{instance.year}/{uuid.uuid4().hex[:12]}-{filename}"


class Report(models.Model):
    """One report job and its files: the archive of the monitoring and evaluation reports.

    Only `reports.services` and `reports.jobs` move `status`: queued → running → done | failed
    (cancelled and dead jobs end `failed` too). A row is claimed by a conditional update, so a
    job runs at most once at a time (`jobs.report_render`); `heartbeat_at` shows it is alive.
    """

    plan = models.ForeignKey(
        "goals.Plan", on_delete=models.PROTECT, related_name="reports", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("period"), choices=[(1, "H1"), (2, "H2")], default=2)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    force = models.BooleanField(
        _("rendered anew"),
        default=False,
        help_text=_("Asked with the force option: rendered even if the data did not change."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        null=True,
        blank=True,
        help_text=_("Written every few seconds by the worker rendering the job."),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    checksum = models.CharField(
        _("data checksum"),
        max_length=64,
        blank=True,
        help_text=_("SHA-256 of the figures and narratives the report was built from."),
    )
    pdf = models.FileField(_("PDF file"), upload_to=report_upload_to, blank=True)
    xlsx = models.FileField(_("Excel file"), upload_to=report_upload_to, blank=True)
    docx = models.FileField(_("Word file"), upload_to=report_upload_to, blank=True)
    unapproved_figures = models.PositiveIntegerField(
        _("figures resting on unapproved values"),
        default=0,
        help_text=_("Counted when the report is rendered; publishing asks for a confirmation."),
    )
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    history = HistoricalRecords(excluded_fields=["progress", "heartbeat_at"])

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["plan", "kind", "year", "half", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(half__in=[1, 2]), name="report_half_valid"),
            models.CheckConstraint(
                condition=~Q(kind="degerlendirme") | Q(half=2), name="report_annual_is_h2"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_le_100"),
            models.CheckConstraint(
                condition=~Q(published=True) | Q(status="done"), name="report_published_is_done"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("archive:detail", args=[self.pk])

    @property
    def is_final_year(self) -> bool:
        return self.year == self.plan.end_year

    @property
    def title(self) -> str:
        """The report's official title (DESIGN.md §6)."""
        return report_title(self.kind, self.year, self.plan.end_year)

    @property
    def period_label(self) -> str:
        return period_label(self.kind, self.year, self.half)

    @property
    def is_active(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)


def report_title(kind: str, year: int, end_year: int) -> str:
    if kind == ReportKind.MONITORING:
        return gettext("Strategic Plan Monitoring Report")
    if year == end_year:
        return gettext("Strategic Plan Implementation Report")
    return gettext("Strategic Plan Monitoring and Evaluation Report")


def period_label(kind: str, year: int, half: int) -> str:
    if kind == ReportKind.EVALUATION:
        return gettext("Year %(year)s") % {"year": year}
    if half == 1:
        return gettext("%(year)s, first half (January–June)") % {"year": year}
    return gettext("%(year)s, second half (July–December)") % {"year": year}


class ReportFrontMatter(models.Model):
    """What the strategy office writes into a report (plan, kind, year, half): its own
    assessment beside the Yönetici Özeti, and the council's decision once the report is
    approved. Printed by every rendering of that report; every change is kept (history)."""

    plan = models.ForeignKey(
        "goals.Plan", on_delete=models.CASCADE, related_name="+", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("period"), choices=[(1, "H1"), (2, "H2")], default=2)
    assessment = models.TextField(_("strategy office's assessment"), blank=True)
    council_decision_date = models.DateField(_("council decision date"), null=True, blank=True)
    council_decision_number = models.CharField(
        _("council decision number"), max_length=50, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report front matter")
        verbose_name_plural = _("report front matters")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "year", "half"], name="report_front_matter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.kind} {self.year}-H{self.half}"


def plan_logo_upload_to(instance: PlanLogo, filename: str) -> str:
    return f"logos/{instance.plan_id}/{uuid.uuid4().hex[:12]}-{filename}"


class PlanLogo(models.Model):
    """The institution's logo on the reports' cover: uploaded once per plan (PNG or SVG,
    checked by `reports.logo.logo_check`)."""

    plan = models.OneToOneField(
        "goals.Plan", on_delete=models.CASCADE, related_name="+", verbose_name=_("plan")
    )
    image = models.FileField(_("logo"), upload_to=plan_logo_upload_to)
    content_type = models.CharField(_("file type"), max_length=40)
    sha256 = models.CharField(_("checksum"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan logo")
        verbose_name_plural = _("plan logos")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.content_type}"
