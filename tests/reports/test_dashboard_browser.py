"""Browser: the strategy office opens the dashboard, filters to a unit, drills into a target
and reads the formula with its inputs."""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.reports.test_results import add_sample_actuals


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_strategy_office_filters_to_a_unit_and_reads_a_targets_formula(
    page, kars_plan, strategy_user
):
    add_sample_actuals(kars_plan)
    login(page, "strateji")
    page.get_by_role("link", name="Gösterge paneli", exact=True).click()
    assert page.locator("h1").inner_text().startswith("Gösterge paneli")
    assert page.get_by_test_id("plan-realization").is_visible()

    page.select_option("#id_year", "2025")
    page.select_option("#id_period", "H2")
    page.select_option("#id_unit", label="İnsan Kaynakları ve Eğitim Müdürlüğü")
    page.get_by_role("button", name="Uygula").click()
    page.wait_for_load_state()
    assert "unit=" in page.url
    assert page.get_by_test_id("unit-filter-note").is_visible()
    targets = page.get_by_test_id("targets")
    assert targets.get_by_role("link", name="H1.2").is_visible()
    assert targets.get_by_role("link", name="H1.1").count() == 0

    targets.get_by_role("link", name="H1.2").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("H1.2")
    table = page.get_by_test_id("indicator-table")
    first = table.locator("tr[data-order='1']")
    assert "C / B × 100" in first.inner_text()
    assert "3 / 2 × 100 = 150,00" in first.inner_text()
    assert "12 / 18 × 100 = 66,67" in table.locator("tr[data-order='3']").inner_text()
    assert "onaylanmadı" in first.inner_text()
    formula = page.get_by_test_id("target-formula").inner_text()
    assert "Σ (w × r) / Σ w = 8.359,67 / 99,99 = 83,61" in formula
    assert page.get_by_test_id("target-realization").inner_text().count("%83,61") == 1
    assert page.locator("td.spark svg").count() == 4
