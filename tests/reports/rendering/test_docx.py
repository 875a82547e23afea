"""The Word document against the PDF of the same data: the same rows and figures."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from goals.models import Plan
from reports.models import ReportKind
from reports.rendering import report_data
from reports.rendering.docx import render_docx
from reports.rendering.pdf import render_pdf
from tests.reports.report_data import filled_plan_fixture, pdf_pages  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("kind", "half"), [(ReportKind.EVALUATION, 2), (ReportKind.MONITORING, 1)])
def test_the_word_rows_print_the_figures_of_the_pdf(filled_plan: Plan, kind: str, half: int):
    data = report_data(filled_plan, kind, 2025, half)
    pdf = " ".join(" ".join(page.split()) for page in pdf_pages(render_pdf(data).content))
    document = Document(io.BytesIO(render_docx(data).content))
    rows = 0
    for table in document.tables:
        if not re.match(r"H\d+\.\d+ ", table.rows[0].cells[0].text):
            continue
        body = table.rows[3:] if data.is_annual else table.rows[2:]
        for row in body:
            cells = [c.text for c in row.cells]
            numbers = " ".join(cells[2 : 8 if data.is_annual else 6])
            # weight, A, B and the period values: printed side by side in the PDF's row
            assert numbers in pdf, cells
            for line in cells[-3].splitlines():  # the rate (two labelled figures at H1)
                assert line in pdf, cells
            rows += 1
    assert rows == data.indicator_count
