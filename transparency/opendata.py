"""The open data of a published period: one JSON document (docs/open-data.md, validated by
transparency/schema/open-data-v1.schema.json) and the same figures as CSV.

`period_document` builds the document from a plan's results; it is stored as it is when a
report is published (`PublishedFigures.data`), and every public page, CSV and JSON of the
period is read from the stored copy. It holds figures and the plan's own texts only: no
person's name, no explanation or deviation text (free text may name people), no evidence.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from indicators.computation import fmt2
from karsplan.lib.cells import csv_bytes
from reports.results import Results, results_forecast
from reports.results.export import indicator_forecast_json, target_forecast_json

__all__ = [
    "CSV_COLUMNS",
    "SCHEMA_PATH",
    "SCHEMA_VERSION",
    "document_csv",
    "period_document",
    "with_decimals",
]

SCHEMA_VERSION = "1.0"
"""Bumped on any change of the document: the minor number when fields are added, the major
number when a field changes meaning or goes (docs/open-data.md, "Versions")."""

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "open-data-v1.schema.json"


def period_document(results: Results, published_at: dt.datetime) -> dict:
    """The open-data document of `results` (approved values only, as published)."""
    plan = results.plan
    forecast = results_forecast(results)
    return {
        "schema_version": SCHEMA_VERSION,
        "institution": plan.institution,
        "plan": {"name": plan.name, "start_year": plan.start_year, "end_year": plan.end_year},
        "period": results.label,
        "year": results.year,
        "half": results.half,
        "published_at": timezone.localtime(published_at).isoformat(timespec="seconds"),
        "approved_only": results.approved_only,
        "clamp": results.settings.clamp,
        "realization": fmt2(results.realization),
        "coverage": fmt2(results.coverage),
        "aims": [
            {
                "code": aim.aim.code,
                "title": aim.aim.title,
                "realization": fmt2(aim.realization),
                "coverage": fmt2(aim.coverage),
                "targets": [
                    {
                        "code": t.target.code,
                        "title": t.target.title,
                        "responsible_unit": t.target.responsible_unit.name,
                        "realization": fmt2(t.realization),
                        "coverage": fmt2(t.coverage),
                        "status": None if t.band is None else str(t.band),
                        **target_forecast_json(forecast.targets[t.target.pk], results),
                        "indicators": [
                            {
                                "order": i.order,
                                "code": i.code,
                                "name": i.indicator.name,
                                "unit_of_measure": i.indicator.unit_of_measure,
                                "weight": fmt2(i.weight),
                                "measure": i.indicator.measure,
                                "direction": i.indicator.direction,
                                "baseline": fmt2(i.A),
                                "planned": fmt2(i.B),
                                "value": fmt2(i.C),
                                "realization": fmt2(i.realization),
                                "progress": fmt2(i.expected_realization),
                                "status": str(i.status),
                                **indicator_forecast_json(forecast.indicators[i.indicator.pk]),
                            }
                            for i in t.indicators
                        ],
                    }
                    for t in aim.targets
                ],
            }
            for aim in results.aims
        ],
    }


CSV_COLUMNS = (
    "Dönem",
    "Amaç Kodu",
    "Amaç",
    "Hedef Kodu",
    "Hedef",
    "Sorumlu Birim",
    "Hedef Gerçekleşme Oranı (%)",
    "Hedef Kapsama (%)",
    "Gösterge Sırası",
    "Gösterge Kodu",
    "Performans Göstergesi",
    "Ölçü Birimi",
    "Hedefe Etkisi (%)",
    "Plan Dönemi Başlangıç Değeri",
    "Yıl Sonu Hedeflenen Değer",
    "Gerçekleşme Değeri",
    "Gerçekleşme Oranı (%)",
    "Beklenen İlerlemeye Göre (%)",
    "Durum",
    "Yıl Sonu Tahmini (%)",
    "Plan Sonu Tahmini (%)",
)
"""The CSV's header row: one row per indicator, figures with a dot and two decimals."""


def _figure(text: str | None) -> Decimal | None:
    """A figure of the document ("12.50") as a number, so that the CSV writes it as one."""
    return None if text is None else Decimal(text)


def _forecast(f: dict | None) -> Decimal | None:
    return None if f is None else _figure(f["realization"])


def document_csv(document: dict) -> bytes:
    """The document as CSV (`karsplan.lib.cells.csv_bytes`: UTF-8 with a byte order mark, so
    that Excel reads the Turkish letters; every text through the formula-safety rule),
    comma-separated, one row per indicator, empty cells for missing figures."""
    rows = [
        [
            document["period"],
            aim["code"],
            aim["title"],
            t["code"],
            t["title"],
            t["responsible_unit"],
            _figure(t["realization"]),
            _figure(t["coverage"]),
            i["order"],
            i["code"],
            i["name"],
            i["unit_of_measure"],
            _figure(i["weight"]),
            _figure(i["baseline"]),
            _figure(i["planned"]),
            _figure(i["value"]),
            _figure(i["realization"]),
            _figure(i["progress"]),
            i["status"],
            _forecast(i["forecast_year_end"]),
            _forecast(i["forecast_plan_end"]),
        ]
        for aim in document["aims"]
        for t in aim["targets"]
        for i in t["indicators"]
    ]
    return csv_bytes(CSV_COLUMNS, rows, delimiter=",")


_FIGURES = {
    "realization",
    "coverage",
    "weight",
    "baseline",
    "planned",
    "value",
    "progress",
    "low",
    "high",
}


def with_decimals(node: object) -> object:
    """A copy of the document with its figures as `Decimal` (for the pages' filters)."""
    if isinstance(node, list):
        return [with_decimals(x) for x in node]
    if isinstance(node, dict):
        return {
            k: Decimal(v) if k in _FIGURES and isinstance(v, str) else with_decimals(v)
            for k, v in node.items()
        }
    return node
