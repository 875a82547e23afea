"""Admin for the strategy office: the plan structure, with history of changes.

The strategy office (not only superusers) may use the admin: ``StrategyAdmin``
grants its permissions from the role instead of per-model Django permissions.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import admin
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from goals import permissions, weights
from goals.models import Activity, Aim, Finding, Need, Plan, Risk, Target, Unit, UnitMembership
from karsplan.lib.numbers import format_tr


def _site_has_permission(request: HttpRequest) -> bool:
    user = request.user
    return user.is_active and (user.is_staff or permissions.is_strategy(user))


admin.site.has_permission = _site_has_permission


class StrategyPermissionMixin:
    """Strategy office and superusers may view and change; nobody else."""

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.is_strategy(request.user)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.is_strategy(request.user)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.is_strategy(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.is_strategy(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.is_strategy(request.user)


DECIMALS_IN_TURKISH = {models.DecimalField: {"localize": True}}
"""Decimal inputs show and accept a decimal comma ("12,5"; "12.5" still reads as 12.5)."""


class StrategyAdmin(StrategyPermissionMixin, SimpleHistoryAdmin):
    formfield_overrides = DECIMALS_IN_TURKISH

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        """simple_history's view for models with HistoricalRecords; Django's own log of admin
        changes for the others (units, memberships, key indicators, cost totals), whose
        history page was a 500."""
        if hasattr(self.model._meta, "simple_history_manager_attribute"):
            return super().history_view(request, object_id, extra_context)
        response = admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        if isinstance(response, TemplateResponse):
            response.template_name = "admin/object_history.html"
        return response


class StrategyInline(StrategyPermissionMixin, admin.TabularInline):
    extra = 0
    formfield_overrides = DECIMALS_IN_TURKISH


class ActivityInline(StrategyInline):
    model = Activity


class RiskInline(StrategyInline):
    model = Risk


class FindingInline(StrategyInline):
    model = Finding


class NeedInline(StrategyInline):
    model = Need


class AimInline(StrategyInline):
    model = Aim
    fields = ["code", "title", "order"]
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(StrategyAdmin):
    list_display = ["name", "institution", "start_year", "end_year", "public_pages"]
    inlines = [AimInline]


@admin.register(Aim)
class AimAdmin(StrategyAdmin):
    list_display = ["code", "title", "plan"]
    list_filter = ["plan"]
    search_fields = ["code", "title"]


class WeightSumFilter(admin.SimpleListFilter):
    title = _("weights")
    parameter_name = "weights"

    def lookups(self, request: HttpRequest, model_admin: object) -> list[tuple[str, str]]:
        return [("off", _("do not sum to 100 per card")), ("ok", _("sum to 100 per card"))]

    def queryset(self, request: HttpRequest, queryset):  # noqa: ANN201
        if self.value() is None:
            return queryset
        bad = [t.pk for t in queryset if not _weights_ok(t)]
        return (
            queryset.filter(pk__in=bad) if self.value() == "off" else queryset.exclude(pk__in=bad)
        )


def _card_weights(target: Target) -> list[tuple[int, Decimal | None]]:
    return [(i.card, i.weight) for i in target.indicators.all()]


def _weights_ok(target: Target) -> bool:
    return weights.weights_ok(_card_weights(target))


@admin.register(Target)
class TargetAdmin(StrategyAdmin):
    list_display = ["code", "title", "responsible_unit", "weight_total", "cost_estimate"]
    list_filter = ["plan", "aim", "responsible_unit", WeightSumFilter]
    search_fields = ["code", "title", "responsible_unit__name"]
    autocomplete_fields = ["responsible_unit", "cooperating_units"]
    inlines = [ActivityInline, RiskInline, FindingInline, NeedInline]
    readonly_fields = ["weight_warning"]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request: HttpRequest):  # noqa: ANN201
        return (
            super()
            .get_queryset(request)
            .select_related("responsible_unit")
            .prefetch_related("indicators")
        )

    @admin.display(description=_("weights (Σ)"))
    def weight_total(self, obj: Target) -> str:
        total = format_tr(weights.weight_total(_card_weights(obj)))
        if _weights_ok(obj):
            return total
        return format_html('<strong class="weight-warning">⚠ {}</strong>', total)

    @admin.display(description=_("weight check"))
    def weight_warning(self, obj: Target) -> str:
        if obj.pk is None:
            return "–"
        if _weights_ok(obj):
            return _("The weights sum to 100 per card.")
        return format_html(
            '<strong class="weight-warning">⚠ {}</strong>',
            _("The weights of this target sum to %(total)s, not 100 per card.")
            % {"total": format_tr(weights.weight_total(_card_weights(obj)))},
        )


@admin.register(Unit)
class UnitAdmin(StrategyAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(UnitMembership)
class UnitMembershipAdmin(StrategyAdmin):
    list_display = ["user", "unit"]
    list_filter = ["unit"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["unit"]
