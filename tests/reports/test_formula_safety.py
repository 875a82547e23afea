"""Formula safety end to end: text typed as a formula is saved in every user-typed field that
reaches a file; every export and workbook is downloaded through its page, as a user does, and
holds no formula cell and no CSV field a spreadsheet would run (docs/excel.md)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from itertools import cycle

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from goals.models import Aim, Plan, Target, Unit
from indicators import spreadsheets as ss
from indicators.models import Actual, Indicator, Period, TargetReview
from karsplan.lib.cells import FORMULA_START
from reports.models import Report, ReportStatus
from tests.conftest import logged_in
from tests.reports.report_data import (  # noqa: F401
    eager_fixture,
    fill_period,
    media_fixture,
)

pytestmark = pytest.mark.django_db

ATTACKS = ("=1+1", "+1", "-2+3", "@SUM(1)", "\t=1", "\r=1", '=HYPERLINK("http://x"&A2,"Tıkla")')
PLAIN_NUMBER = re.compile(r"^-\d[\d.,]*$")
"""A real negative figure ("-12,35"): a number to Excel, never a formula."""


def _read_back(text: str) -> str:
    # XML may give a carriage return back as a line feed (it depends on the parser openpyxl
    # finds: lxml keeps it), so texts are compared with both read as a line feed.
    return text.replace("\r", "\n")


def xlsx_texts(content: bytes) -> set[str]:
    """Asserts that no cell is a formula or starts with a formula character; returns the
    attack texts found (without the "'" that made them safe)."""
    wb = load_workbook(io.BytesIO(content))
    found = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                where = f"{ws.title}!{cell.coordinate} = {cell.value!r}"
                assert cell.data_type != "f", where
                if isinstance(cell.value, str):
                    assert cell.value[:1] not in FORMULA_START | {"\n", "\r"}, where
                    text = cell.value[1:] if cell.value[:1] == "'" else cell.value
                    found.add(_read_back(text))
    return found & {_read_back(a) for a in ATTACKS}


def csv_texts(content: bytes, delimiter: str) -> set[str]:
    """Asserts that no CSV field starts with a formula character, but for a real negative
    number; returns the attack texts found."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))
    assert len(rows) > 1
    found = set()
    for number, row in enumerate(rows, start=1):
        for field in row:
            if field[:1] in FORMULA_START:
                assert PLAIN_NUMBER.match(field), f"row {number}: {field!r}"
            found.add(field[1:] if field[:1] == "'" else field)
    return found & set(ATTACKS)


@pytest.fixture
def attacked(plan: Plan) -> Plan:
    """Two filled periods, then every user-typed text that reaches a file set to an attack."""
    fill_period(plan, 2025, 1)
    fill_period(plan, 2025, 2)
    texts = cycle(ATTACKS)
    for actual in Actual.objects.all():
        actual.explanation = next(texts)
        actual.deviation_reason = next(texts)
        actual.save(update_fields=["explanation", "deviation_reason"])
    for review in TargetReview.objects.all():
        review.activities_done = next(texts)
        review.deviation_reasons = next(texts)
        review.corrective_actions = next(texts)
        review.save()
    for indicator in Indicator.objects.all():
        indicator.name = next(texts)
        indicator.unit_of_measure = next(texts)[:20]
        indicator.save(update_fields=["name", "unit_of_measure"])
    for target in Target.objects.all():
        target.title = next(texts)
        target.save(update_fields=["title"])
    for aim in Aim.objects.all():
        aim.title = next(texts)
        aim.save(update_fields=["title"])
    for n, unit in enumerate(Unit.objects.all()):
        unit.name = f"{next(texts)} {n}"  # names are unique
        unit.save(update_fields=["name"])
    plan.name = "=1+1"
    plan.institution = '=HYPERLINK("http://x"&A2,"Tıkla")'
    plan.save(update_fields=["name", "institution"])
    return plan


def test_no_export_or_workbook_carries_a_formula(
    attacked: Plan, strategy_user, media, eager, django_capture_on_commit_callbacks
):
    client = logged_in(strategy_user)
    everything = set(ATTACKS) | {_read_back(a) for a in ATTACKS}
    downloads = 0

    def get(url: str, params: dict | None = None) -> bytes:
        nonlocal downloads
        response = client.get(url, params or {})
        assert response.status_code == 200, url
        assert "attachment" in response.get("Content-Disposition", ""), url
        downloads += 1
        return b"".join(response.streaming_content) if response.streaming else response.content

    # The results and actual values, both periods, xlsx and CSV, all and approved only.
    for period in ("H1", "H2"):
        for approved in ("", "1"):
            params = {"year": 2025, "period": period, "approved_only": approved}
            found = xlsx_texts(get(reverse("exports:results"), {**params, "format": "xlsx"}))
            assert found, "the texts reached the file"
            found = csv_texts(get(reverse("exports:results"), {**params, "format": "csv"}), ";")
            assert found
    found = xlsx_texts(get(reverse("exports:results"), {"year": 2025, "period": "H2"}))
    assert found == {_read_back(a) for a in ATTACKS}  # every attack, each one made safe

    # The plan's structure: indicator names, target and aim titles, unit names.
    assert xlsx_texts(get(reverse("exports:plan"))) == {_read_back(a) for a in ATTACKS}

    # The entry template of each period, all units and one unit.
    unit = Target.objects.filter(plan=attacked).first().responsible_unit_id
    for period in Period.objects.filter(plan=attacked, year=2025):
        for scope in ("all", unit):
            params = {"period": period.pk, "unit": scope}
            assert xlsx_texts(get(reverse("spreadsheets:template"), params))

    # The report workbooks, rendered by the report job (eager).
    requests = (
        {"kind": "izleme", "year": 2025, "period": 1},
        {"kind": "degerlendirme", "year": 2025},
    )
    for request in requests:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("archive:generate"), {"plan": attacked.pk, **request})
        assert response.status_code == 302
        report = Report.objects.latest("pk")
        assert report.status == ReportStatus.DONE, report.error
        texts = xlsx_texts(get(reverse("archive:xlsx", args=[report.pk])))
        assert texts and texts <= everything
    assert Report.objects.count() == 2

    # The admin exports (django-import-export), CSV and xlsx.
    for model in ("indicator", "plannedvalue"):
        url = reverse(f"admin:indicators_{model}_export")
        html = client.get(url).content.decode()
        fields = dict.fromkeys(re.findall(r'type="checkbox" name="([^"]+)"', html), "on")
        options = re.findall(r'<option value="(\d+)"[^>]*>([a-z]+)</option>', html)
        formats = {label: value for value, label in options}
        assert set(formats) == {"csv", "xlsx"}
        response = client.post(url, {"format": formats["xlsx"], "resource": "0", **fields})
        assert response.status_code == 200
        assert xlsx_texts(response.content) == {_read_back(a) for a in ATTACKS}
        response = client.post(url, {"format": formats["csv"], "resource": "0", **fields})
        assert csv_texts(response.content, ",") == set(ATTACKS)
        downloads += 2
    assert downloads == 8 + 1 + 1 + 4 + 2 + 4


OPEN_MOMENT = dt.datetime(2025, 7, 5, 10, 0, tzinfo=dt.UTC)


def test_a_template_with_formula_texts_imports_back_as_saved(
    plan, staff_user, target, settings, tmp_path
):
    """Download the template, fill in the values, upload it, confirm: the explanations typed
    as formulas come back as they were saved, without the "'" the file shows."""
    settings.MEDIA_ROOT = tmp_path
    period = Period.objects.get(plan=plan, year=2025, half=1)
    indicators = list(Indicator.objects.filter(target=target).order_by("order"))[:3]
    # As the entry form saves them: stripped (a leading tab or CR is whitespace to the form and
    # to the import alike), and one with the user's own quote before a formula.
    texts = cycle([a for a in ATTACKS if a == a.strip()] + ["'=2+2"])
    saved = {}
    for indicator in indicators:
        actual = Actual.objects.create(
            indicator=indicator,
            period=period,
            value=Decimal(1),
            explanation=next(texts),
            deviation_reason=next(texts),
        )
        saved[indicator.pk] = (actual.explanation, actual.deviation_reason)
    client = logged_in(staff_user)
    with time_machine.travel(OPEN_MOMENT, tick=False):
        response = client.get(
            reverse("spreadsheets:template"),
            {"period": period.pk, "unit": target.responsible_unit_id},
        )
        wb = load_workbook(io.BytesIO(response.content))
        ws = wb[ss.SHEET_TITLE]
        value_column = ss.TEMPLATE_COLUMNS.index("Değer") + 1
        assert ws.cell(row=2, column=value_column + 1).value == "'" + saved[indicators[0].pk][0]
        for r, value in zip((2, 3, 4), (36, "44,5", 12), strict=True):
            ws.cell(row=r, column=value_column).value = value
        out = io.BytesIO()
        wb.save(out)
        response = client.post(
            reverse("spreadsheets:upload"),
            {"file": SimpleUploadedFile("doldurulmus.xlsx", out.getvalue())},
        )
        html = response.content.decode()
        assert "3 değişen" in html, html
        token = re.search(r'name="token" value="([^"]+)"', html).group(1)
        response = client.post(reverse("spreadsheets:confirm"), {"token": token})
        assert response.status_code == 302
    for indicator, value in zip(indicators, ("36", "44.5", "12"), strict=True):
        actual = Actual.objects.get(indicator=indicator, period=period)
        assert actual.value == Decimal(value)
        assert (actual.explanation, actual.deviation_reason) == saved[indicator.pk]
