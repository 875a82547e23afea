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
    ind,
    mean,
    target,
    target_figures_h1,
    target_figures_h2,
    weighted,
)


def test_approved_only_at_h2_leaves_out_values_of_periods_not_approved(audit_plan, tmp_path):
    data = export(tmp_path, "--approved-only")
    # A value whose submission is not approved is missing (DESIGN.md §5, completeness): an
    # indicator that needs it has no C and is "veri yok" (never "çok düşük" for pending work),
    # and stays in the coverage's denominator.
    # İşletme ve İştirakler: only H1 is approved; its levels need H2 itself, its flow H1 and H2.
    assert figures(data, "H1.7", 1) == ("2.00", "10.00", None, None, "veri_yok", None)
    assert ind(data, "H1.7", 1)["missing_periods"] == ["2025-H2"]
    assert figures(data, "H1.7", 2) == (None, "1.00", None, None, "veri_yok", None)
    assert ind(data, "H1.7", 2)["missing_periods"] == ["2025-H1", "2025-H2"]
    assert figures(data, "H1.7", 4) == (None, "4.00", None, None, "veri_yok", None)
    # Destek Hizmetleri: H1 only submitted, so the flow lacks H1 (never read as H2 alone); the
    # yearly flow #4 needs H2 alone, which is approved.
    assert figures(data, "H1.4", 1) == ("50.00", "83.00", None, None, "veri_yok", None)
    assert ind(data, "H1.4", 1)["missing_periods"] == ["2025-H1"]
    assert figures(data, "H1.4", 4) == (None, "100.00", "90.00", "90.00", "iyi", True)
    # Su ve Kanalizasyon: only H1 approved, so the flow lacks H2.
    assert figures(data, "H8.3", 1) == (None, "12.00", None, None, "veri_yok", None)
    assert figures(data, "H5.2", 9) == (None, "100.00", None, None, "veri_yok", None)
    assert figures(data, "H7.1", 1) == (None, None, None, None, "hedef_yok", None)
    assert all(i["status"] != "cok_dusuk" for i in target(data, "H1.7")["indicators"])

    h2 = target_figures_h2(R2)
    expected = {
        "H1.1": h2["H1.1"],
        "H1.3": h2["H1.3"],
        "H1.4": (
            weighted([("2.84", R2["H1.4", 4])]),
            F("2.84") / EVALUATED_H2["H1.4"] * 100,
        ),
        "H1.6": (None, F(0)),
        "H1.7": (None, F(0)),
        "H5.2": (None, F(0)),
        "H6.3": (None, F(0)),
        "H7.1": (None, F(0)),
        "H8.3": (None, F(0)),
    }
    for code, (realization, coverage) in expected.items():
        t = target(data, code)
        assert (t["realization"], t["coverage"]) == (fmt(realization), fmt(coverage)), code
    # Pending H2 no longer turns H1.7 into a low figure (it was 78.24 from H1 alone).
    assert target(data, "H1.7")["realization"] is None

    a1 = mean([expected[c][0] for c in ("H1.1", "H1.3", "H1.4")])
    aims = {"A1": a1}
    for code in ("A1", "A5", "A6", "A7", "A8"):
        assert aim(data, code)["realization"] == fmt(aims.get(code)), code
    assert data["plan"]["realization"] == fmt(a1)
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
