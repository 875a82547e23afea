"""Plan maintenance from a spreadsheet in the admin: planned values and baselines."""

from __future__ import annotations

import re
from decimal import Decimal

import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Indicator, PlannedValue
from indicators.resources import CHANGE_REASON, IndicatorBaselineResource, PlannedValueResource
from tests.conftest import logged_in


def dataset(header: list[str], rows: list[list]) -> tablib.Dataset:
    return tablib.Dataset(*rows, headers=header)


def planned(plan, code: str, order: int, year: int) -> PlannedValue | None:
    return PlannedValue.objects.filter(
        indicator__target__plan=plan,
        indicator__target__code=code,
        indicator__order=order,
        year=year,
    ).first()


def row_errors(result) -> list[str]:
    messages = []
    for line in result.invalid_rows:
        for errors in line.error_dict.values():
            messages += [str(e) for e in errors]
    for line in result.row_errors():
        messages += [str(e.error) for e in line[1]]
    return messages


def test_planned_values_are_updated_by_natural_keys_and_unchanged_rows_skipped(plan):
    old = planned(plan, "H1.1", 2, 2026).value
    data = dataset(
        ["Hedef", "Sıra", "Yıl", "Değer"],
        [["H1.1", 1, 2025, "55,5"], ["H1.1", 2, 2026, str(old)], ["h1.2", "3", 2027, 70]],
    )
    result = PlannedValueResource().import_data(data, dry_run=False, use_transactions=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert [r.import_type for r in result.rows] == ["update", "skip", "update"]
    assert planned(plan, "H1.1", 1, 2025).value == Decimal("55.5")
    assert planned(plan, "H1.2", 3, 2027).value == Decimal(70)
    record = planned(plan, "H1.1", 1, 2025).history.first()
    assert record.history_change_reason == CHANGE_REASON


def test_a_missing_planned_value_of_an_existing_indicator_is_created(plan):
    planned(plan, "H2.1", 1, 2029).delete()
    data = dataset(["Hedef", "Sıra", "Yıl", "Değer"], [["H2.1", 1, 2029, 80]])
    result = PlannedValueResource().import_data(data, dry_run=False, use_transactions=True)
    assert [r.import_type for r in result.rows] == ["new"]
    assert planned(plan, "H2.1", 1, 2029).value == Decimal(80)


def test_bad_planned_value_rows_are_errors_and_nothing_is_written(plan):
    before = sorted(PlannedValue.objects.values_list("pk", "value"))
    count = Indicator.objects.count()
    data = dataset(
        ["Hedef", "Sıra", "Yıl", "Değer"],
        [
            ["H1.1", 1, 2025, 60],  # fine, but the file has errors
            ["H9.9", 1, 2025, 3],
            ["H1.1", 9, 2025, 3],
            ["H1.1", 1, 2040, 3],
            ["H1.1", 2, 2025, -4],
            ["H1.1", 3, 2025, "çok"],
            ["H1.1", 3, 2026, ""],
        ],
    )
    result = PlannedValueResource().import_data(data, dry_run=False, use_transactions=True)
    assert result.has_validation_errors()
    messages = " | ".join(row_errors(result))
    assert 'Planda "H9.9" hedefi yok' in messages or '"H9.9" hedefi yok' in messages
    assert "H1.1 hedefinin 9 sıralı göstergesi yok; içe aktarmayla yeni gösterge oluşturulamaz" in (
        messages
    )
    assert '2040 yılını kapsayan planda "H1.1" hedefi yok.' in messages
    assert "Değer zorunludur." in messages
    assert sorted(PlannedValue.objects.values_list("pk", "value")) == before
    assert Indicator.objects.count() == count


def test_baselines_are_updated_and_new_indicators_refused(plan):
    data = dataset(
        ["Hedef", "Sıra", "Başlangıç Değeri"],
        [["H1.1", 1, "25"], ["H1.1", 3, ""]],
    )
    result = IndicatorBaselineResource().import_data(data, dry_run=False, use_transactions=True)
    assert not result.has_validation_errors(), row_errors(result)
    assert Indicator.objects.get(target__code="H1.1", order=1).baseline == Decimal(25)
    assert [r.import_type for r in result.rows] == ["update", "skip"]
    data = dataset(["Hedef", "Sıra", "Başlangıç Değeri"], [["H1.1", 7, "25"]])
    result = IndicatorBaselineResource().import_data(data, dry_run=False, use_transactions=True)
    assert "içe aktarmayla yeni gösterge oluşturulamaz" in " ".join(row_errors(result))
    assert not Indicator.objects.filter(order=7).exists()


def test_export_is_keyed_by_natural_keys(plan):
    exported = PlannedValueResource().export()
    assert exported.headers == [
        "Hedef",
        "Sıra",
        "Gösterge Kodu",
        "Gösterge",
        "Ölçü Birimi",
        "Yıl",
        "Değer",
    ]
    first = exported.dict[0]
    assert (first["Hedef"], first["Sıra"], first["Yıl"], first["Değer"]) == (
        "H1.1",
        "1",
        "2025",
        "40.00",
    )


def _hidden_inputs(html: str) -> dict[str, str]:
    form = html[html.index('action="/admin/indicators/plannedvalue/process_import/"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def test_strategy_office_imports_planned_values_in_the_admin_with_a_dry_run_first(
    plan, strategy_user
):
    client = logged_in(strategy_user)
    data = "Hedef,Sıra,Yıl,Değer\nH1.1,1,2025,61\n".encode()
    response = client.post(
        reverse("admin:indicators_plannedvalue_import"),
        {"format": "0", "resource": "0", "import_file": SimpleUploadedFile("p.csv", data)},
    )
    assert response.status_code == 200
    assert planned(plan, "H1.1", 1, 2025).value == Decimal(40)  # dry run: nothing written
    fields = _hidden_inputs(response.content.decode())
    response = client.post(reverse("admin:indicators_plannedvalue_process_import"), fields)
    assert response.status_code == 302
    value = planned(plan, "H1.1", 1, 2025)
    assert value.value == Decimal(61)
    record = value.history.first()
    assert record.history_user == strategy_user
    assert record.history_change_reason == CHANGE_REASON


def test_import_and_export_in_the_admin_are_for_the_strategy_office_only(
    plan, staff_user, strategy_user
):
    for name in ("indicators_plannedvalue_import", "indicators_indicator_import"):
        assert logged_in(strategy_user).get(reverse(f"admin:{name}")).status_code == 200
        response = logged_in(staff_user).get(reverse(f"admin:{name}"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = logged_in(strategy_user).post(
        reverse("admin:indicators_plannedvalue_export"), {"format": "1", "resource": "0"}
    )
    assert response.status_code in (200, 302)


def test_the_admin_import_reads_the_order_as_the_entry_import_does(plan):
    data = dataset(
        ["Hedef", "Sıra", "Yıl", "Değer"],
        [["H1.1", "+1", 2025, 61], ["H1.1", "2,0", 2026, 62], ["H1.1", "1e0", 2027, 63]],
    )
    result = PlannedValueResource().import_data(data, dry_run=True, use_transactions=True)
    errors = row_errors(result)
    assert errors == ['"1e0" bir gösterge sırası değil (1, 2, 3 gibi bir tam sayı olmalı).'], errors
