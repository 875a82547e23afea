"""The audit of `export_results` (see test_results_audit.py): `--approved-only` leaves out the
values and expenditures of periods that are not approved."""

from __future__ import annotations

from tests.reports.results_audit_support import (
    EVALUATED_H2,
    R1,
    R2,
    TARGETS_WITH_COVERAGE,
    F,
    aim,
    export,
    figures,
    fmt,
    mean,
    target,
    target_figures_h1,
    target_figures_h2,
    weighted,
)


def test_approved_only_at_h2_leaves_out_values_of_periods_not_approved(audit_plan, tmp_path):
    data = export(tmp_path, "--approved-only")
    r = dict(R2)
    # İşletme ve İştirakler: only H1 is approved, so C is made of H1 values.
    r["H1.7", 1] = (F(6) - 2) / (10 - 2) * 100  # 50
    r["H1.7", 4] = F(4, 5) * 100  # 80
    # Destek Hizmetleri: H1 only submitted, so the flow's C is the H2 value alone.
    r["H1.4", 1] = F(43, 83) * 100  # 51.81
    # Su ve Kanalizasyon: only H1 approved.
    r["H8.3", 1] = F(5, 12) * 100
    assert figures(data, "H1.7", 1) == ("2.00", "10.00", "6.00", "50.00", "cok_dusuk", True)
    assert figures(data, "H1.7", 2) == (None, "1.00", None, None, "veri_yok", None)
    assert figures(data, "H1.7", 4) == (None, "4.00", "5.00", "80.00", "orta", True)
    assert figures(data, "H1.4", 1) == ("50.00", "83.00", "43.00", "51.81", "cok_dusuk", True)
    assert figures(data, "H8.3", 1) == (None, "12.00", "5.00", "41.67", "cok_dusuk", True)
    assert figures(data, "H5.2", 9) == (None, "100.00", None, None, "veri_yok", None)
    assert figures(data, "H7.1", 1) == (None, None, None, None, "hedef_yok", None)

    h2 = target_figures_h2(r)
    expected = {
        "H1.1": h2["H1.1"],
        "H1.3": h2["H1.3"],
        "H1.4": h2["H1.4"],
        "H1.6": (None, F(0)),
        "H1.7": (
            weighted([("5", r["H1.7", 1]), ("80", r["H1.7", 4])]),
            F(85) / EVALUATED_H2["H1.7"] * 100,
        ),
        "H5.2": (None, F(0)),
        "H6.3": h2["H6.3"],
        "H7.1": (None, F(0)),
        "H8.3": h2["H8.3"],
    }
    for code, (realization, coverage) in expected.items():
        t = target(data, code)
        assert (t["realization"], t["coverage"]) == (fmt(realization), fmt(coverage)), code
    # The figure approved-only changes: H1.7 99.25 → 78.24.
    assert target(data, "H1.7")["realization"] == "78.24"

    a1 = mean([expected[c][0] for c in ("H1.1", "H1.3", "H1.4", "H1.7")])
    aims = {"A1": a1, "A6": expected["H6.3"][0], "A8": expected["H8.3"][0]}
    for code in ("A1", "A5", "A6", "A7", "A8"):
        assert aim(data, code)["realization"] == fmt(aims.get(code)), code
    assert data["plan"]["realization"] == fmt(mean(list(aims.values())))
    coverage = sum(c for _, c in expected.values()) / TARGETS_WITH_COVERAGE[2]
    assert data["plan"]["coverage"] == fmt(coverage)

    # Expenditures count only for approved periods too.
    assert target(data, "H1.7")["budget"]["actual"] == "20000.00"
    assert target(data, "H1.7")["budget"]["realization"] == "36.36"
    assert target(data, "H8.3")["budget"] == {
        "planned": "16000000.00",
        "actual": "4000000.00",
        "realization": "25.00",
    }
    assert target(data, "H7.4")["budget"]["actual"] == "5000.00"  # H2 approved
    assert target(data, "H1.3")["budget"]["actual"] == "150000.00"


def test_approved_only_at_h1(audit_plan, tmp_path):
    data = export(tmp_path, "--period", "H1", "--approved-only")
    h1 = target_figures_h1(R1)
    assert (target(data, "H1.3")["realization"], target(data, "H1.3")["coverage"]) == (
        fmt(h1["H1.3"][0]),
        fmt(h1["H1.3"][1]),
    )
    assert target(data, "H1.7")["realization"] == fmt(h1["H1.7"][0])
    assert target(data, "H8.3")["realization"] == fmt(h1["H8.3"][0])
    for code in ("H1.4", "H1.6", "H5.2"):  # submitted, nothing, returned
        assert (target(data, code)["realization"], target(data, code)["coverage"]) == (
            None,
            "0.00",
        ), code
    assert target(data, "H1.7")["budget"]["actual"] == "20000.00"
    aims = {"A1": mean([h1["H1.3"][0], h1["H1.7"][0]]), "A8": h1["H8.3"][0]}
    assert aim(data, "A1")["realization"] == fmt(aims["A1"])
    assert aim(data, "A5")["realization"] is None
    assert data["plan"]["realization"] == fmt(mean(list(aims.values())))
