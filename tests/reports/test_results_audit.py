"""An independent audit of `export_results` on the real Kars plan (DESIGN.md §5): the premises
of the audit and the shape of the export.

The scenario (a varied set of 2025 actuals entered straight into the database) and the exact
arithmetic are in tests/reports/results_audit_support.py; the figures are audited in
test_results_audit_periods.py (H2 and H1) and test_results_audit_approved.py (approved values
only).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.management import call_command

from indicators.models import Actual, Period, PlannedValue
from tests.reports.results_audit_support import (
    EVALUATED_H1,
    EVALUATED_H2,
    TARGETS_WITH_COVERAGE,
    F,
    export,
    figures,
    fmt,
    indicator_of,
    target,
)


def test_the_evaluated_weights_written_above_are_the_plans(kars_plan):
    """EVALUATED_* and TARGETS_WITH_COVERAGE are read off the printed plan; check them."""
    for half, evaluated in ((2, EVALUATED_H2), (1, EVALUATED_H1)):
        due = [6] if half == 1 else [6, 12]
        sums: dict[str, Fraction] = {}
        for pv in PlannedValue.objects.filter(
            indicator__target__plan=kars_plan,
            year=2025,
            indicator__monitoring_frequency_months__in=due,
        ).select_related("indicator__target"):
            code = pv.indicator.target.code
            sums[code] = sums.get(code, F(0)) + F(pv.indicator.weight or 0)
        assert {code: sums[code] for code in evaluated} == evaluated
        assert len(sums) == TARGETS_WITH_COVERAGE[half]


def test_the_audit_rounding_is_half_up():
    assert [fmt(F("12.345")), fmt(F("2.675")), fmt(F("-2.675")), fmt(F("-0.004"))] == [
        "12.35",
        "2.68",
        "-2.68",
        "0.00",
    ]


# --- The shape of the export ----------------------------------------------------------------

NUMBER = re.compile(r"^-?\d+\.\d\d$")


def _numbers_ok(value: object) -> bool:
    return value is None or (isinstance(value, str) and NUMBER.match(value) is not None)


@pytest.mark.parametrize("args", [[], ["--period", "H1"], ["--approved-only"]])
def test_the_export_has_exactly_the_documented_shape(audit_plan, tmp_path, args):
    data = export(tmp_path, *args)
    assert list(data) == ["year", "period", "clamp", "plan", "aims"]
    assert data["period"] in ("H1", "H2") and isinstance(data["clamp"], bool)
    assert list(data["plan"]) == ["realization", "coverage"]
    assert all(_numbers_ok(v) for v in data["plan"].values())
    assert [a["code"] for a in data["aims"]] == [f"A{k}" for k in range(1, 9)]
    targets = [t for a in data["aims"] for t in a["targets"]]
    indicators = [i for t in targets for i in t["indicators"]]
    assert (len(targets), len(indicators)) == (30, 184)
    for a in data["aims"]:
        assert list(a) == ["code", "realization", "targets"]
        assert _numbers_ok(a["realization"])
    statuses = {
        "ulasildi",
        "iyi",
        "orta",
        "dusuk",
        "cok_dusuk",
        "veri_yok",
        "hedef_yok",
        "donem_disi",
    }
    for t in targets:
        assert list(t) == [
            "code",
            "realization",
            "coverage",
            "forecast_year_end",
            "forecast_plan_end",
            "budget",
            "indicators",
        ]
        for k in ("forecast_year_end", "forecast_plan_end"):
            f = t[k]
            assert f is None or list(f) == ["realization", "low", "high", "at_risk"]
        assert list(t["budget"]) == ["planned", "actual", "realization"]
        assert all(_numbers_ok(t[k]) for k in ("realization", "coverage"))
        assert all(_numbers_ok(v) for v in t["budget"].values())
        assert [i["order"] for i in t["indicators"]] == sorted(i["order"] for i in t["indicators"])
    for i in indicators:
        assert list(i) == [
            "order",
            "code",
            "A",
            "B",
            "C",
            "realization",
            "progress",
            "status",
            "approved",
            "missing_periods",
            "no_data_reason",
            "forecast_year_end",
            "forecast_plan_end",
        ]
        for k in ("forecast_year_end", "forecast_plan_end"):
            f = i[k]
            assert f is None or list(f) == ["value", "realization", "low", "high"]
            assert f is None or all(
                _numbers_ok(f[n]) for n in ("value", "realization", "low", "high")
            )
        assert isinstance(i["order"], int) and i["code"].startswith("P.G. ")
        assert all(_numbers_ok(i[k]) for k in ("A", "B", "C", "realization", "progress"))
        # progress exists exactly when the realization does (both need a C and a B).
        assert (i["progress"] is None) == (i["realization"] is None)
        assert all(re.fullmatch(r"20\d\d-H[12]", p) for p in i["missing_periods"])
        assert i["no_data_reason"] is None or i["no_data_reason"].strip()
        assert i["status"] in statuses
        assert i["approved"] in (True, False, None)
        # "approved" is null exactly when no value was used (no C).
        assert (i["approved"] is None) == (i["C"] is None)
        # A realization exists exactly when the status is a band.
        banded = i["status"] in ("ulasildi", "iyi", "orta", "dusuk", "cok_dusuk")
        assert (i["realization"] is not None) == banded


def test_values_of_another_year_stay_out(audit_plan, tmp_path):
    before = export(tmp_path)
    indicator = indicator_of(audit_plan, "H1.7", 2)
    Actual.objects.create(
        indicator=indicator,
        period=Period.objects.get(plan=audit_plan, year=2026, half=1),
        value=Decimal(7),
    )
    assert export(tmp_path) == before
    # 2026: B = 1 for this flow, and only the 2026 value counts (7 / 1 × 100).
    out = tmp_path / "2026.json"
    call_command("export_results", "--year", "2026", "--period", "H1", "--out", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert figures(data, "H1.7", 2) == (None, "1.00", "7.00", "700.00", "ulasildi", False)
    assert target(data, "H1.7")["realization"] == "100.00"  # the only value, clamped
    assert figures(data, "H1.7", 1)[2:5] == (None, None, "veri_yok")  # 2025 values stay out
