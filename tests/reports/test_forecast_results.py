"""The forecast of a plan's results (reports/results/forecast.py): "risk altında" on the
problems page, the forecast keys of `export_results`, and the function the report's summary
calls (`risk_targets`)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from goals.models import Plan
from reports.results import plan_results, results_to_json, risk_targets
from tests.conftest import logged_in
from tests.reports.test_results import add_sample_actuals


@pytest.fixture
def kars_with_actuals(kars_plan: Plan) -> Plan:
    return add_sample_actuals(kars_plan)


def _target(data: dict, code: str) -> dict:
    return next(t for a in data["aims"] for t in a["targets"] if t["code"] == code)


def test_export_gives_each_indicator_and_target_its_year_end_and_plan_end_forecast(
    kars_with_actuals,
):
    data = results_to_json(plan_results(kars_with_actuals, 2025, 1))
    h11 = _target(data, "H1.1")
    # #6: 2000 of a yearly 6000 at H1 (pace 2000 / 3000); H2 projected at 2/3 × 3000
    ind = next(i for i in h11["indicators"] if i["order"] == 6)
    assert ind["forecast_year_end"] == {
        "value": "4000.00",
        "realization": "66.67",
        "low": "56.67",
        "high": "76.67",
    }
    assert ind["forecast_plan_end"]["realization"] == "66.67"
    # the target's other indicators have no value: nothing to project, left out of its sum
    assert all(i["forecast_year_end"] is None for i in h11["indicators"] if i["order"] != 6)
    assert h11["forecast_year_end"] == {
        "realization": "66.67",
        "low": "56.67",
        "high": "76.67",
        "at_risk": True,
    }
    untouched = _target(data, "H2.1")
    assert untouched["forecast_year_end"] is None and untouched["forecast_plan_end"] is None


def test_risk_targets_lists_the_targets_projected_below_orta(kars_with_actuals):
    assert [
        r.figures.target.code for r in risk_targets(plan_results(kars_with_actuals, 2025, 1))
    ] == ["H1.1"]
    # at H2 the year is in: H1.1 made 4500 of 6000 (75 %, orta), H1.2 about 83 %
    assert risk_targets(plan_results(kars_with_actuals, 2025, 2)) == []


def test_the_problems_page_filters_the_targets_at_risk(client, strategy_user, kars_with_actuals):
    logged_in(strategy_user, client)
    url = reverse("reports:problems", args=[kars_with_actuals.pk])
    response = client.get(f"{url}?year=2025&period=H1&kind=risk")
    rows = response.context["page"].object_list
    assert [(p.kind, p.target.code) for p in rows] == [("risk", "H1.1")]
    html = response.content.decode()
    assert "Risk altında (tahmin)" in html
    assert "Tahmin: yıl sonunda %67, plan sonunda %67" in html
