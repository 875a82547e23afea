"""python manage.py render_report: the same renderer, synchronously, to files."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from reports.models import Report
from tests.reports.report_data import filled_plan_fixture, pdf_pages  # noqa: F401

pytestmark = pytest.mark.django_db


def test_render_report_writes_the_pdf_the_workbook_and_the_word_file(filled_plan, tmp_path, capsys):
    pdf, xlsx = tmp_path / "izleme.pdf", tmp_path / "izleme.xlsx"
    docx = tmp_path / "izleme.docx"
    call_command(
        "render_report",
        "--kind",
        "izleme",
        "--year",
        "2025",
        "--period",
        "H1",
        "--out",
        str(pdf),
        "--xlsx",
        str(xlsx),
        "--docx",
        str(docx),
    )
    pages = pdf_pages(pdf.read_bytes())
    assert "Stratejik Plan İzleme Raporu" in pages[0]
    assert "2025 Yılı 1. Altı Aylık Dönem" in pages[0]
    assert load_workbook(xlsx).sheetnames[0] == "Özet"
    capitals = filled_plan.institution.replace("i", "İ").upper()
    assert Document(docx).paragraphs[0].text == capitals
    assert "Stratejik Plan İzleme Raporu" in capsys.readouterr().err
    assert not Report.objects.exists()  # no archive record


def test_render_report_refuses_a_year_outside_the_plan(filled_plan, tmp_path):
    with pytest.raises(CommandError, match="2031 yılı"):
        call_command(
            "render_report",
            "--kind",
            "degerlendirme",
            "--year",
            "2031",
            "--out",
            str(tmp_path / "x.pdf"),
        )
    with pytest.raises(CommandError, match="H1 ya da H2"):
        call_command(
            "render_report",
            "--kind",
            "izleme",
            "--year",
            "2025",
            "--period",
            "H3",
            "--out",
            str(tmp_path / "x.pdf"),
        )
