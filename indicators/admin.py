"""Admin for indicators and planned values (strategy office), with history."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX

from goals import permissions
from goals.admin import StrategyAdmin, StrategyInline
from goals.models import Target
from indicators.models import Indicator, KeyPerformanceIndicator, Period, PlannedValue
from indicators.resources import IndicatorBaselineResource, PlannedValueResource


class PlannedValueInline(StrategyInline):
    model = PlannedValue


class StrategyImportExportMixin(ImportExportMixin):
    """Spreadsheet import (dry run, then one transaction) and export: strategy office only.

    Exports are spreadsheets only (CSV, xlsx): the resources write their text formula-safe
    (`indicators.resources`), which is meant for a spreadsheet, not for JSON or YAML."""

    export_formats = [CSV, XLSX]

    def has_import_permission(self, request: HttpRequest) -> bool:
        return permissions.is_strategy(request.user)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return permissions.is_strategy(request.user)


@admin.register(Indicator)
class IndicatorAdmin(StrategyImportExportMixin, StrategyAdmin):
    resource_classes = [IndicatorBaselineResource]
    list_display = [
        "target",
        "order",
        "code",
        "name",
        "weight",
        "unit_of_measure",
        "measure",
        "direction",
        "is_key",
    ]
    list_filter = [
        "target__plan",
        "target__aim",
        "measure",
        "direction",
        "monitoring_frequency_months",
        "is_key",
    ]
    search_fields = ["code", "name", "target__code"]
    list_select_related = ["target"]
    inlines = [PlannedValueInline]
    raw_id_fields = ["target", "activity"]


@admin.register(PlannedValue)
class PlannedValueAdmin(StrategyImportExportMixin, StrategyAdmin):
    resource_classes = [PlannedValueResource]
    list_display = ["indicator", "year", "value"]
    list_filter = ["year"]
    search_fields = ["indicator__code", "indicator__name", "indicator__target__code"]
    list_select_related = ["indicator__target"]
    raw_id_fields = ["indicator"]


@admin.register(KeyPerformanceIndicator)
class KeyPerformanceIndicatorAdmin(StrategyAdmin):
    list_display = ["order", "name", "target_value", "unit_of_measure", "indicator"]
    raw_id_fields = ["indicator"]


@admin.register(Period)
class PeriodAdmin(StrategyAdmin):
    list_display = ["period_label", "opens_on", "deadline", "state"]
    list_filter = ["plan", "year", "state"]

    @admin.display(description=_("Period"), ordering="year")
    def period_label(self, obj: Period) -> str:
        return obj.label


class IndicatorInline(StrategyInline):
    """Indicators on the target page; planned values are edited on each indicator's page."""

    model = Indicator
    fields = [
        "order",
        "code",
        "name",
        "weight",
        "unit_of_measure",
        "baseline",
        "measure",
        "direction",
        "monitoring_frequency_months",
        "activity",
        "is_key",
        "card",
    ]
    show_change_link = True


# The target page is defined in goals, which must not import indicators: extend it here.
_target_admin = admin.site._registry[Target]
_target_admin.inlines = [IndicatorInline, *_target_admin.inlines]
