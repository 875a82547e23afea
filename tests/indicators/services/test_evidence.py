"""Evidence files: the type is judged from the content, ≤ 20 MB, random stored names, and a
download that checks access."""

import io
import re
import zipfile
from pathlib import PurePath

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators import services
from indicators.models import Evidence
from tests.indicators.entry_support import (
    entry_url,
    form_data,
    logged_in,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def zipped(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("rapor.pdf", PDF, "application/pdf"),
        ("foto.png", PNG, "image/png"),
        (
            "yazi.docx",
            zipped("word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("tablo.xlsx", xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("adsiz", PDF, "application/pdf"),  # the name does not matter
    ],
)
def test_accepted_types_are_recognised_from_the_content(name, content, mime):
    assert services.evidence_check(SimpleUploadedFile(name, content)) == mime


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("sahte.pdf", b"Bu bir PDF degil, duz metin."),
        ("arsiv.docx", zipped("baska/dosya.xml")),  # a zip that is neither Word nor Excel
        ("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100),
    ],
)
def test_other_content_is_refused_whatever_its_name(name, content):
    with pytest.raises(ValueError) as exc:
        services.evidence_check(SimpleUploadedFile(name, content))
    assert name in str(exc.value) and "kabul edilen bir dosya türü değil" in str(exc.value)


def test_a_file_over_20_mb_is_refused():
    big = SimpleUploadedFile("buyuk.pdf", PDF + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValueError) as exc:
        services.evidence_check(big)
    assert "20 MB" in str(exc.value)


def test_a_file_is_stored_under_a_random_name_and_keeps_its_own(
    h1_window, staff_user, period, indicators
):
    evidence = services.evidence_attach(
        user=staff_user,
        indicator=indicators[0],
        period=period,
        file=SimpleUploadedFile("Tahsilat Raporu.pdf", PDF),
    )
    assert evidence.original_name == "Tahsilat Raporu.pdf"
    assert evidence.content_type == "application/pdf" and evidence.size == len(PDF)
    stored = PurePath(evidence.file.name)
    assert stored.parent.name == "evidence" and "Tahsilat" not in stored.name
    assert stored.suffix == ".pdf" and len(stored.stem) == 32
    assert evidence.actual.value is None  # the entry row was created to hold the file


def test_a_file_of_the_wrong_type_is_refused_naming_the_indicator_and_the_others_are_attached(
    h1_window, staff_user, unit, period, indicators
):
    data = form_data(unit, period)
    data[f"i{indicators[0].pk}-files"] = [
        SimpleUploadedFile("sahte.pdf", b"duz metin"),
        SimpleUploadedFile("gercek.pdf", PDF),
    ]
    data[f"i{indicators[0].pk}-value"] = "40"
    data["action"] = "submit"
    response = logged_in(staff_user).post(entry_url(unit, period), data, follow=True)
    html = response.content.decode()
    assert "P.G. 1.1.1 Gösterge 1.1.1 oranı – Kanıt dosyaları: sahte.pdf kabul edilen" in html
    assert "Eklenmedi; diğer dosyalar eklendi." in html
    # The other file is attached without being chosen again; the period is not submitted.
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["gercek.pdf"]
    assert "Bir dosya reddedildiği için dönem gönderilmedi" in html
    assert not period.submissions.filter(status="submitted").exists()


def test_files_are_uploaded_and_removed_from_the_page(
    h1_window, staff_user, unit, period, indicators
):
    client = logged_in(staff_user)
    data = form_data(unit, period)
    data[f"i{indicators[0].pk}-files"] = [
        SimpleUploadedFile("a.pdf", PDF),
        SimpleUploadedFile("b.png", PNG),
    ]
    data["action"] = "save"
    assert client.post(entry_url(unit, period), data).status_code == 302
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == ["a.pdf", "b.png"]
    html = client.get(entry_url(unit, period)).content.decode()
    assert "a.pdf" in html and "b.png" in html
    doomed = Evidence.objects.get(original_name="a.pdf")
    data = form_data(unit, period)
    data[f"i{indicators[0].pk}-remove"] = [str(doomed.pk)]
    data["action"] = "save"
    response = client.post(entry_url(unit, period), data, follow=True)
    html = response.content.decode()
    # It says what it did, and no longer "Değişiklik yok; bir şey kaydedilmedi".
    assert "1 kanıt dosyası kaldırıldı: a.pdf." in html
    assert "Değişiklik yok" not in html
    assert "a.pdf" not in html.split('id="entry-form"')[1]  # no longer attached for the unit
    doomed.refresh_from_db()
    assert doomed.removed_at is not None and doomed.removed_by == staff_user
    url = reverse("indicators:evidence", args=[doomed.pk])
    assert client.get(url).status_code == 404  # kept for the strategy office alone


def test_the_strategy_office_restores_a_removed_file_until_the_period_is_approved(
    h1_window, staff_user, strategy_user, unit, period, indicators
):
    from indicators.entry_rules import KEEP, EntryRow
    from tests.indicators.entry_support import submit

    evidence = services.evidence_attach(
        user=staff_user,
        indicator=indicators[0],
        period=period,
        file=SimpleUploadedFile("r.pdf", PDF),
    )
    services.entries_save(
        user=staff_user,
        unit=unit,
        period=period,
        rows=[EntryRow(indicator_id=indicators[0].pk, value=KEEP, remove_evidence=[evidence.pk])],
    )
    strategy = logged_in(strategy_user)
    html = strategy.get(entry_url(unit, period)).content.decode()
    assert 'data-testid="removed-evidence"' in html and "r.pdf" in html
    assert strategy.get(reverse("indicators:evidence", args=[evidence.pk])).status_code == 200
    restore = reverse("indicators:evidence_restore", args=[evidence.pk])
    assert logged_in(staff_user).post(restore).status_code == 404  # hidden from the unit
    response = strategy.post(restore, follow=True)
    assert "r.pdf yeniden eklendi." in response.content.decode()
    evidence.refresh_from_db()
    assert evidence.removed_at is None
    # Removed again, then the period is approved: the file is gone for good.
    services.entries_save(
        user=staff_user,
        unit=unit,
        period=period,
        rows=[EntryRow(indicator_id=indicators[0].pk, value=KEEP, remove_evidence=[evidence.pk])],
    )
    submission = submit(staff_user, unit, period, indicators)
    services.submission_approve(user=strategy_user, submission=submission)
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert strategy.post(restore).status_code == 404
    # The submission page's history tells every step of the file, with the file's name.
    page = strategy.get(reverse("indicators:submission", args=[submission.pk])).content.decode()
    history = re.sub(r"<[^>]+>", "", page[page.index('data-testid="history"') :])
    for step in (
        "Kanıt dosyaları: – → r.pdf",
        "Kanıt dosyaları: r.pdf → kaldırıldı",
        "Kanıt dosyaları: kaldırıldı → r.pdf",
        "Kanıt dosyaları: r.pdf → kalıcı olarak silindi",
    ):
        assert step in re.sub(r"\s+", " ", history), step


def test_a_file_is_downloaded_only_by_those_who_may_read_the_units_entries(
    h1_window, client, staff_user, other_staff_user, council_user, strategy_user, period, indicators
):
    evidence = services.evidence_attach(
        user=staff_user,
        indicator=indicators[0],
        period=period,
        file=SimpleUploadedFile("Rapor.pdf", PDF),
    )
    url = reverse("indicators:evidence", args=[evidence.pk])
    response = logged_in(staff_user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="Rapor.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    assert logged_in(strategy_user).get(url).status_code == 200
    assert logged_in(other_staff_user).get(url).status_code == 404
    assert logged_in(council_user).get(url).status_code == 403
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert logged_in(staff_user).get(reverse("indicators:evidence", args=[999])).status_code == 404


def test_an_empty_file_or_a_removed_file_of_another_row_is_refused_naming_the_indicator(
    h1_window, staff_user, unit, period, indicators
):
    data = form_data(unit, period)
    data[f"i{indicators[1].pk}-files"] = [
        SimpleUploadedFile("bos.pdf", b""),
        SimpleUploadedFile("dolu.pdf", PDF),
    ]
    data[f"i{indicators[2].pk}-remove"] = ["987"]
    data["action"] = "save"
    html = logged_in(staff_user).post(entry_url(unit, period), data).content.decode()
    assert "P.G. 1.1.2 Gösterge 1.1.2 oranı – Kanıt dosyaları: bos.pdf boş." in html
    assert (
        "P.G. 1.1.1 Gösterge 1.1.3 sayısı – Kanıt dosyaları: Bu dosya bu satıra ekli değil." in html
    )
    assert "dosyaları yeniden seçin" in html
