"""Plan maintenance from a spreadsheet in the admin (django-import-export).

The strategy office exports planned values or baselines, edits them in Excel and imports the
file back: the admin shows a dry run (new / changed / skipped rows and every error) and writes
only after the confirmation, in one transaction, with the history of each change (the user is
recorded by simple-history's request middleware, the reason "Excel import (admin)").

Rows are keyed by natural keys, never by database ids:

- `PlannedValueResource`: `Hedef` (target code) + `Sıra` (indicator order) + `Yıl` (year) →
  `Değer`. A planned value missing for a year of an existing indicator is created.
- `IndicatorBaselineResource`: `Hedef` + `Sıra` → `Başlangıç Değeri` (empty: no baseline).

Exported text goes through `karsplan.lib.cells.safe_text` (formula safety, docs/excel.md), and
an imported target code through `unquote`, so that an exported file imports back unchanged.

Neither creates an indicator: an unknown target or order is an error. A target code is looked
up in the latest plan (for planned values: the latest plan whose years include `Yıl`).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from goals.models import Plan, Target
from indicators.entry_rules import order_number, parse_amount
from indicators.models import Indicator, PlannedValue
from karsplan.lib.cells import NUMBER_TYPES, safe_text, unquote
from karsplan.lib.numbers import decimal_str

CHANGE_REASON = "Excel içe aktarma (yönetim paneli)"
PLACES = 4


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class AmountWidget(widgets.Widget):
    """A number ≥ 0 in Turkish or plain format ("1.234,5", "1234.5") or a number cell.

    Exported as plain text with a dot (CSV) or as a number (xlsx).
    """

    def __init__(self, required: bool) -> None:
        super().__init__(coerce_to_string=True)
        self.required = required

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Decimal | None:
        if _blank(value):
            if self.required:
                raise ValueError(_("A value is required."))
            return None
        if isinstance(value, float):
            value = Decimal(repr(value)).quantize(Decimal(1).scaleb(-PLACES), ROUND_HALF_UP)
        return parse_amount(value, PLACES)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        if value is None:
            return ""
        if kwargs.get("force_native_type"):
            return float(value)
        return decimal_str(value)


def _order(value: Any) -> int:
    order = order_number(value)
    if order is None:
        raise ValidationError(
            _('"%(text)s" is not an indicator order (a whole number such as 1, 2, 3).')
            % {"text": str(value).strip()}
        )
    return order


class _NaturalKeyResource(resources.ModelResource):
    """Finds indicators by (target code, order); never creates one."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._targets: dict[tuple[str, int | None], Target | None] = {}
        self._indicators: dict[tuple[int, int], Indicator | None] = {}
        self._indicator: Indicator | None = None

    def _target(self, code: str, year: int | None) -> Target:
        key = (code.casefold(), year)
        if key not in self._targets:
            plans = Plan.objects.newest_first()
            if year is not None:
                plans = plans.filter(start_year__lte=year, end_year__gte=year)
            plan = plans.first()
            self._targets[key] = (
                None
                if plan is None
                else Target.objects.filter(plan=plan, code__iexact=code).first()
            )
        target = self._targets[key]
        if target is None:
            if year is not None:
                raise ValidationError(
                    _('There is no target "%(code)s" in a plan that covers %(year)s.')
                    % {"code": code, "year": year}
                )
            raise ValidationError(_('There is no target "%(code)s" in the plan.') % {"code": code})
        return target

    def _find_indicator(self, row: dict, year: int | None) -> Indicator:
        code = unquote(str(row.get("Hedef") or "")).strip()
        if not code:
            raise ValidationError(_("The target is empty."))
        if _blank(row.get("Sıra")):
            raise ValidationError(_("The order is empty."))
        order = _order(row.get("Sıra"))
        target = self._target(code, year)
        key = (target.pk, order)
        if key not in self._indicators:
            self._indicators[key] = (
                Indicator.objects.select_related("target")
                .filter(target=target, order=order)
                .first()
            )
        indicator = self._indicators[key]
        if indicator is None:
            raise ValidationError(
                _(
                    "Target %(target)s has no indicator with order %(order)s; new indicators "
                    "cannot be created by an import (add them in the target's page)."
                )
                % {"target": target.code, "order": order}
            )
        return indicator

    def export_field(self, field: Any, instance: Any, **kwargs: Any) -> Any:
        """Every exported cell of text is formula-safe; numbers stay numbers (also those a
        CSV export renders as text, such as "12.5")."""
        value = super().export_field(field, instance, **kwargs)
        if isinstance(value, str) and not isinstance(field.get_value(instance), NUMBER_TYPES):
            return safe_text(value)
        return value

    def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        instance._change_reason = CHANGE_REASON

    def import_data(
        self,
        dataset: Any,
        dry_run: bool = False,
        raise_errors: bool = False,
        use_transactions: bool | None = None,
        collect_failed_rows: bool = False,
        rollback_on_validation_errors: bool = False,
        **kwargs: Any,
    ) -> Any:
        """All or nothing: a file with any invalid row writes nothing, even when asked to
        write (the admin offers the confirmation only for a file without errors)."""
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=use_transactions,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=True,
            **kwargs,
        )


class PlannedValueResource(_NaturalKeyResource):
    """Planned values (yıllık hedeflenen değer): Hedef + Sıra + Yıl → Değer."""

    target = fields.Field(attribute="indicator__target__code", column_name="Hedef", readonly=True)
    order = fields.Field(attribute="indicator__order", column_name="Sıra", readonly=True)
    code = fields.Field(attribute="indicator__code", column_name="Gösterge Kodu", readonly=True)
    name = fields.Field(attribute="indicator__name", column_name="Gösterge", readonly=True)
    unit_of_measure = fields.Field(
        attribute="indicator__unit_of_measure", column_name="Ölçü Birimi", readonly=True
    )
    year = fields.Field(attribute="year", column_name="Yıl", widget=widgets.IntegerWidget())
    value = fields.Field(attribute="value", column_name="Değer", widget=AmountWidget(True))

    class Meta:
        model = PlannedValue
        fields = ("target", "order", "code", "name", "unit_of_measure", "year", "value")
        import_id_fields = ("target", "order", "year")
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True

    def _year(self, row: dict) -> int:
        raw = row.get("Yıl")
        try:
            year = int(Decimal(str(raw).strip()))
        except (ArithmeticError, ValueError):
            raise ValidationError(_('"%(text)s" is not a year.') % {"text": raw})
        return year

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        year = self._year(row)
        self._indicator = self._find_indicator(row, year)

    def get_instance(self, instance_loader: Any, row: Any) -> PlannedValue | None:
        return (
            PlannedValue.objects.select_related("indicator__target")
            .filter(indicator=self._indicator, year=self._year(row))
            .first()
        )

    def init_instance(self, row: Any = None) -> PlannedValue:
        return PlannedValue(indicator=self._indicator)

    def get_queryset(self):  # noqa: ANN201 - a QuerySet
        return PlannedValue.objects.select_related("indicator__target").order_by(
            "indicator__target__plan", "indicator__target__order", "indicator__order", "year"
        )


class IndicatorBaselineResource(_NaturalKeyResource):
    """Baselines (plan dönemi başlangıç değeri): Hedef + Sıra → Başlangıç Değeri."""

    target = fields.Field(attribute="target__code", column_name="Hedef", readonly=True)
    order = fields.Field(attribute="order", column_name="Sıra", readonly=True)
    code = fields.Field(attribute="code", column_name="Gösterge Kodu", readonly=True)
    name = fields.Field(attribute="name", column_name="Gösterge", readonly=True)
    unit_of_measure = fields.Field(
        attribute="unit_of_measure", column_name="Ölçü Birimi", readonly=True
    )
    baseline = fields.Field(
        attribute="baseline", column_name="Başlangıç Değeri", widget=AmountWidget(False)
    )

    class Meta:
        model = Indicator
        fields = ("target", "order", "code", "name", "unit_of_measure", "baseline")
        import_id_fields = ("target", "order")
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        self._indicator = self._find_indicator(row, None)

    def get_instance(self, instance_loader: Any, row: Any) -> Indicator | None:
        return self._indicator

    def init_instance(self, row: Any = None) -> Indicator:
        raise ValidationError(_("New indicators cannot be created by an import."))

    def get_queryset(self):  # noqa: ANN201 - a QuerySet
        return Indicator.objects.select_related("target").order_by(
            "target__plan", "target__order", "order"
        )
