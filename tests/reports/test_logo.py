"""The institution's logo: checked when uploaded (PNG or SVG, size, nothing active in an SVG),
uploaded once per plan from the report page, printed on the cover of the PDF and Word."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from PIL import Image
from pypdf import PdfReader

from goals.models import Plan
from reports.logo import LOGO_MAX_BYTES, logo_check, plan_logo_upload
from reports.models import PlanLogo, ReportKind
from reports.rendering import report_data
from reports.rendering.docx import render_docx
from reports.rendering.pdf import render_pdf
from tests.reports.report_data import filled_plan_fixture, media_fixture  # noqa: F401

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    b'<rect width="120" height="40" fill="#8a1c24"/><text x="6" y="26" fill="#fff">KARS</text>'
    b"</svg>"
)


def png(size: tuple[int, int] = (120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (138, 28, 36)).save(out, format="PNG")
    return out.getvalue()


def test_a_png_and_a_plain_svg_are_accepted():
    assert logo_check("logo.png", png()) == "image/png"
    assert logo_check("Logo.SVG", SVG) == "image/svg+xml"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.gif", b"GIF89a", "PNG ya da SVG"),
        ("logo.png", b"GIF89a....", "PNG görüntüsü değil"),
        ("logo.png", b"\x89PNG\r\n\x1a\nnot really", "geçerli bir PNG"),
        ("logo.svg", b"<svg", "geçerli bir SVG"),
        ("logo.svg", b"<html><body/></html>", "geçerli bir SVG"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "betik",
        ),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "olay"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
            b'<image x:href="https://example.org/x.png"/></svg>',
            "bağlantı",
        ),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"/></svg>',
            "bağlantı",
        ),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>',
            "gömülü",
        ),
        (
            "logo.svg",
            b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
            "DOCTYPE",
        ),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * LOGO_MAX_BYTES, "KB'tan büyük"),
    ],
)
def test_anything_else_is_refused_with_a_reason(name, content, message):
    with pytest.raises(ValidationError) as refused:
        logo_check(name, content)
    assert message in " ".join(refused.value.messages)


@pytest.mark.django_db
def test_the_strategy_office_uploads_the_logo_once_per_plan(
    client, strategy_user, plan: Plan, media
):
    client.force_login(strategy_user)
    url = reverse("archive:logo")
    upload = SimpleUploadedFile("kars.svg", SVG, content_type="image/svg+xml")
    response = client.post(url, {"plan": plan.pk, "logo": upload}, follow=True)
    assert "Logo kaydedildi" in response.content.decode()
    logo = PlanLogo.objects.get(plan=plan)
    assert logo.content_type == "image/svg+xml" and logo.uploaded_by == strategy_user
    bad = SimpleUploadedFile("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onclick="x"/>')
    response = client.post(url, {"plan": plan.pk, "logo": bad}, follow=True)
    assert "olay işleyicisi" in response.content.decode()
    assert PlanLogo.objects.get(plan=plan).sha256 == logo.sha256  # the good one stays
    client.post(url, {"plan": plan.pk, "logo": SimpleUploadedFile("k.png", png())})
    assert PlanLogo.objects.get(plan=plan).content_type == "image/png"
    assert PlanLogo.objects.count() == 1


@pytest.mark.django_db
def test_the_logo_is_printed_on_the_cover_of_the_pdf_and_the_word_file(
    filled_plan: Plan, strategy_user, media
):
    plan_logo_upload(plan=filled_plan, name="kars.png", content=png(), user=strategy_user)
    data = report_data(filled_plan, ReportKind.MONITORING, 2025, 1)
    cover = PdfReader(io.BytesIO(render_pdf(data).content)).pages[0]
    assert len(cover.images) == 1
    document = Document(io.BytesIO(render_docx(data).content))
    assert len(document.inline_shapes) == 1
    plan_logo_upload(plan=filled_plan, name="kars.svg", content=SVG, user=strategy_user)
    data = report_data(filled_plan, ReportKind.MONITORING, 2025, 1)
    cover = PdfReader(io.BytesIO(render_pdf(data).content)).pages[0]
    assert "KARS" in cover.extract_text()  # the SVG is drawn as vector text
