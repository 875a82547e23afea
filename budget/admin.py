from django.contrib import admin

from budget.models import CostEstimate, CostTotal
from goals.admin import StrategyAdmin


@admin.register(CostEstimate)
class CostEstimateAdmin(StrategyAdmin):
    list_display = ["target", "year", "amount"]
    list_filter = ["year", "target__aim"]
    search_fields = ["target__code"]
    list_select_related = ["target"]


@admin.register(CostTotal)
class CostTotalAdmin(StrategyAdmin):
    list_display = ["order", "label", "year", "amount"]
    list_filter = ["plan"]


def _extend_target_admin() -> None:
    """Costs on the target page; goals must not import budget, so budget adds them."""
    from goals.admin import StrategyInline
    from goals.models import Target

    inline = type("CostEstimateInline", (StrategyInline,), {"model": CostEstimate})
    target_admin = admin.site._registry[Target]
    target_admin.inlines = [*target_admin.inlines, inline]


_extend_target_admin()
