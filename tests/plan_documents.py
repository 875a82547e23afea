"""Plan documents for tests: the real Kars plan, and synthetic plans of any size."""

from __future__ import annotations

import copy
from functools import cache

from goals.models import Plan
from plans.document import DEFAULT_PLAN_PATH, read_document
from plans.loading import plan_load

YEARS = [str(y) for y in range(2025, 2030)]


@cache
def kars_document() -> dict:
    return read_document(DEFAULT_PLAN_PATH)


def load_kars_plan() -> Plan:
    return plan_load(document=copy.deepcopy(kars_document())).plan


def synthetic_document(
    aims: int = 2,
    targets_per_aim: int = 2,
    indicators_per_target: int = 3,
    name: str = "Test Planı",
) -> dict:
    """A valid plan document; weights of each target sum to 100."""
    units = [f"Birim {k} Müdürlüğü" for k in range(1, aims * targets_per_aim + 1)]
    doc_aims = []
    t = 0
    for a in range(1, aims + 1):
        targets = []
        for k in range(1, targets_per_aim + 1):
            t += 1
            n = indicators_per_target
            weights = [round(100 / n, 2)] * n
            weights[-1] = round(100 - sum(weights[:-1]), 2)
            indicators = []
            for i in range(1, n + 1):
                measure = ("flow", "level", "level")[i % 3]
                indicators.append(
                    {
                        "order": i,
                        "code": f"P.G. {a}.{k}.{(i - 1) % 2 + 1}",
                        "name": f"Gösterge {a}.{k}.{i} sayısı"
                        if measure == "flow"
                        else f"Gösterge {a}.{k}.{i} oranı",
                        "weight": f"{weights[i - 1]:.2f}",
                        "unit_of_measure": "Adet" if measure == "flow" else "%",
                        "baseline": None if measure == "flow" else "20.00",
                        "planned_values": {
                            y: f"{(10 * i + 5 * j) if measure == 'flow' else 40 + 5 * j}.00"
                            for j, y in enumerate(YEARS)
                        },
                        "measure": measure,
                        "direction": "increase",
                        "monitoring_frequency_months": 6,
                        "reporting_frequency_months": 6,
                        "activity": (i - 1) % 2 + 1,
                        "is_key": i == 1,
                        "card": 1,
                    }
                )
            targets.append(
                {
                    "code": f"H{a}.{k}",
                    "title": f"Hedef {a}.{k} başlığı",
                    "responsible_unit": units[t - 1],
                    "cooperating_units": [units[t % len(units)]] if len(units) > 1 else [],
                    "cooperating_all_units": False,
                    "activities": [
                        {"number": 1, "text": "Birinci faaliyet"},
                        {"number": 2, "text": "İkinci faaliyet"},
                    ],
                    "risks": ["Bütçe yetersizliği"],
                    "findings": ["Personel eksikliği"],
                    "needs": ["Yazılım"],
                    "cost_estimate": "500000.00",
                    "costs_by_year": dict.fromkeys(YEARS, "100000.00"),
                    "source_notes": [],
                    "indicators": indicators,
                }
            )
        doc_aims.append({"code": f"A{a}", "title": f"Amaç {a}", "targets": targets})
    return {
        "format": "karsplan-plan/1",
        "plan": {
            "institution": "Test Belediyesi",
            "name": name,
            "start_year": 2025,
            "end_year": 2029,
            "mission": "Misyon",
            "vision": "Vizyon",
            "core_values": ["Şeffaflık", "Katılımcılık"],
        },
        "units": units,
        "aims": doc_aims,
        "key_performance_indicators": [],
        "cost_totals": [],
    }


def load_small_plan() -> Plan:
    return plan_load(document=synthetic_document()).plan
