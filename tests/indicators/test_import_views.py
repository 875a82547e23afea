"""Excel in, through the web: template download, upload with its dry run, confirmation."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from indicators import spreadsheets as ss
from indicators.models import Actual, Indicator, Period
from tests.conftest import logged_in
from tests.indicators.spreadsheet_support import BAD_FILES, BAD_IDS, csv_bytes, db_state, row, xlsx

OPEN_MOMENT = dt.datetime(2025, 7, 5, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def open_day():
    with time_machine.travel(OPEN_MOMENT, tick=False):
        yield


def upload(client, name: str, data: bytes):
    return client.post(reverse("spreadsheets:upload"), {"file": SimpleUploadedFile(name, data)})


def token_of(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "no confirmation form"
    return match.group(1)


def stored_files(media: Path) -> list[Path]:
    folder = media / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


# --- Access -----------------------------------------------------------------------------------


def test_import_page_is_for_unit_staff_and_the_strategy_office(
    plan, staff_user, strategy_user, council_user, client
):
    url = reverse("spreadsheets:index")
    html = logged_in(staff_user).get(url).content.decode()
    assert "Excel ile veri aktarımı" in html
    assert "Birim 1 Müdürlüğü" in html and "Birim 2 Müdürlüğü" not in html
    assert "Tüm birimler" not in html
    html = logged_in(strategy_user).get(url).content.decode()
    assert "Tüm birimler" in html and "Birim 4 Müdürlüğü" in html
    assert logged_in(council_user).get(url).status_code == 403
    assert client.get(url).status_code == 302  # anonymous → login


def test_nav_has_an_excel_link_for_those_who_import(plan, staff_user, council_user):
    html = logged_in(staff_user).get(reverse("home")).content.decode()
    assert f'href="{reverse("spreadsheets:index")}">Excel<' in html
    html = logged_in(council_user).get(reverse("home")).content.decode()
    assert f'href="{reverse("exports:index")}">Excel<' in html


def test_template_download_is_scoped_to_the_users_units(
    plan, staff_user, strategy_user, council_user, target, other_target
):
    period = Period.objects.get(plan=plan, year=2025, half=1)
    url = reverse("spreadsheets:template")
    staff = logged_in(staff_user)
    response = staff.get(url, {"period": period.pk, "unit": target.responsible_unit_id})
    assert response.status_code == 200
    assert response["Content-Type"] == ss.XLSX_CONTENT_TYPE
    assert (
        'filename="gerceklesme-2025-H1-birim-1-mudurlugu.xlsx"' in response["Content-Disposition"]
    )
    ws = load_workbook(io.BytesIO(response.content))[ss.SHEET_TITLE]
    assert {r[0] for r in list(ws.values)[1:]} == {target.code}
    other = {"period": period.pk, "unit": other_target.responsible_unit_id}
    assert staff.get(url, other).status_code == 404
    assert staff.get(url, {"period": period.pk, "unit": "all"}).status_code == 403
    assert staff.get(url, {"period": 999999, "unit": "all"}).status_code == 404
    assert logged_in(council_user).get(url, other).status_code == 403
    strategy = logged_in(strategy_user)
    assert strategy.get(url, {"period": period.pk, "unit": "all"}).status_code == 200
    assert strategy.get(url, other).status_code == 200


def test_import_urls_refuse_the_wrong_method(plan, staff_user):
    client = logged_in(staff_user)
    assert client.get(reverse("spreadsheets:upload")).status_code == 405
    assert client.get(reverse("spreadsheets:confirm")).status_code == 405
    assert client.post(reverse("spreadsheets:index")).status_code == 405
    assert client.post(reverse("spreadsheets:template")).status_code == 405


def test_council_members_cannot_upload(plan, council_user):
    response = upload(logged_in(council_user), "x.xlsx", xlsx([row(value=1)]))
    assert response.status_code == 403


# --- Dry run and confirmation -----------------------------------------------------------------


def test_upload_shows_a_preview_and_writes_nothing(plan, staff_user, media, open_day):
    before = db_state()
    response = upload(
        logged_in(staff_user), "veri.xlsx", xlsx([row(value=150), row(order=3, value="12,5")])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "İçe aktarma önizlemesi" in html
    assert "2 yeni değer" in html and "0 değişen" in html
    assert "Onaylanacak 1 değer" in html
    assert "Uyarıları onayla ve kaydet" in html
    assert db_state() == before
    assert len(stored_files(media)) == 1


def test_confirm_writes_everything_and_forgets_the_file(plan, staff_user, media, open_day):
    client = logged_in(staff_user)
    response = upload(client, "veri.xlsx", xlsx([row(value=150), row(order=3, value="12,5")]))
    response = client.post(reverse("spreadsheets:confirm"), {"token": token_of(response)})
    assert response.status_code == 302
    assert sorted(Actual.objects.values_list("value", flat=True)) == [
        Decimal("12.5"),
        Decimal("150"),
    ]
    html = client.get(response["Location"]).content.decode()
    assert "İçe aktarma kaydedildi: 2 yeni, 0 değişen, 0 aynı." in html
    assert stored_files(media) == []


def test_a_file_with_errors_shows_them_without_a_confirmation(plan, staff_user, media, open_day):
    response = upload(
        logged_in(staff_user), "veri.csv", csv_bytes([row(value=1), row(target="H9.9", value=2)])
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "1 hata: hiçbir şey kaydedilemez" in html
    assert "Planda &quot;H9.9&quot; hedefi yok." in html
    assert 'name="token"' not in html
    assert stored_files(media) == []


@pytest.mark.parametrize(("case", "make", "who", "today", "expected"), BAD_FILES, ids=BAD_IDS)
def test_bad_file_upload_is_refused_on_the_page(
    plan, staff_user, strategy_user, media, case, make, who, today, expected
):
    user = {"staff": staff_user, "strategy": strategy_user}[who]
    before = db_state()
    name, data = make()
    with time_machine.travel(dt.datetime.combine(today, dt.time(10), tzinfo=dt.UTC)):
        response = upload(logged_in(user), name, data)
    html = response.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    assert response.status_code == 400
    # A file that cannot be read lists full sentences; the preview shows row and column in
    # their own cells, beside the message.
    match = re.match(r"^Satır (\d+)(?:, ([^:]+))?: (.*)$", expected(), re.DOTALL)
    if expected() not in html:
        assert match, expected()
        number, column, message = match.groups()
        assert f'<td class="num">{number}</td><td>{column or ""}' in html
        assert message in html
    assert 'name="token"' not in html
    assert db_state() == before
    assert stored_files(media) == []


def test_confirmation_by_another_user_is_refused(plan, staff_user, strategy_user, open_day):
    response = upload(logged_in(staff_user), "veri.xlsx", xlsx([row(value=30)]))
    client = logged_in(strategy_user)
    response = client.post(reverse("spreadsheets:confirm"), {"token": token_of(response)})
    assert response.status_code == 302
    assert "İçe aktarma bulunamadı" in client.get(response["Location"]).content.decode()
    assert not Actual.objects.exists()


def test_a_forged_or_tampered_token_is_refused(plan, staff_user, media, open_day):
    client = logged_in(staff_user)
    response = upload(client, "veri.xlsx", xlsx([row(value=30)]))
    payload = signing.loads(token_of(response), salt="karsplan.spreadsheets.import")
    forged = signing.dumps({**payload, "file": "../../settings.py"}, salt="wrong-salt")
    assert client.post(reverse("spreadsheets:confirm"), {"token": forged}).status_code == 302
    stored = stored_files(media)[0]
    stored.write_bytes(xlsx([row(value=99)]))  # the stored file changes behind our back
    response = client.post(reverse("spreadsheets:confirm"), {"token": token_of(response)})
    assert "Saklanan dosya değişmiş" in client.get(response["Location"]).content.decode()
    assert not Actual.objects.exists()


def test_confirmation_after_someone_saved_meanwhile_shows_the_new_preview(
    plan, staff_user, target, open_day
):
    client = logged_in(staff_user)
    response = upload(client, "veri.xlsx", xlsx([row(value=30)]))
    token = token_of(response)
    from indicators import services

    services.actual_record(
        user=staff_user,
        indicator=Indicator.objects.get(target=target, order=1),
        period=Period.objects.get(plan=plan, year=2025, half=1),
        value="25",
    )
    response = client.post(reverse("spreadsheets:confirm"), {"token": token})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Önizlemeden bu yana kayıtlı değerler değişti" in html
    assert Actual.objects.get().value == Decimal(25)
    response = client.post(reverse("spreadsheets:confirm"), {"token": token_of(response)})
    assert response.status_code == 302
    assert Actual.objects.get().value == Decimal(30)


def test_cancel_forgets_the_file(plan, staff_user, media, open_day):
    client = logged_in(staff_user)
    response = upload(client, "veri.xlsx", xlsx([row(value=30)]))
    response = client.post(reverse("spreadsheets:cancel"), {"token": token_of(response)})
    assert response.status_code == 302
    assert stored_files(media) == []
    assert not Actual.objects.exists()


# --- Round trip -------------------------------------------------------------------------------


def test_round_trip_template_fill_upload_confirm(plan, staff_user, target, open_day, capsys):
    client = logged_in(staff_user)
    period = Period.objects.get(plan=plan, year=2025, half=1)
    response = client.get(
        reverse("spreadsheets:template"),
        {"period": period.pk, "unit": target.responsible_unit_id},
    )
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb[ss.SHEET_TITLE]
    filled = {2: (36, "Hedefe yakın"), 3: ("44,5", ""), 4: (12, "Yarısı tamam")}
    value_column = ss.TEMPLATE_COLUMNS.index("Değer") + 1  # after "Ne Girilir"
    for r, (value, explanation) in filled.items():
        ws.cell(row=r, column=value_column).value = value
        ws.cell(row=r, column=value_column + 1).value = explanation or None
    out = io.BytesIO()
    wb.save(out)

    response = upload(client, "doldurulmus.xlsx", out.getvalue())
    assert "3 yeni değer" in response.content.decode()
    response = client.post(reverse("spreadsheets:confirm"), {"token": token_of(response)})
    assert response.status_code == 302

    # The entry form shows the values.
    html = client.get(
        reverse("indicators:entry", args=[target.responsible_unit_id, period.pk])
    ).content.decode()
    for text in ("36", "44,5", "12", "Hedefe yakın", "Yarısı tamam"):
        assert text in html, text

    # The indicator page shows the history: who, and the import as the reason.
    indicator = Indicator.objects.get(target=target, order=1)
    html = client.get(reverse("indicators:detail", args=[indicator.pk])).content.decode()
    assert "Excel içe aktarma: doldurulmus.xlsx" in html
    assert "Ayşe" in html

    # export_results prints the same values as C.
    call_command("export_results", "--year", "2025", "--period", "H1")
    exported = json.loads(capsys.readouterr().out)
    target_json = next(
        t for a in exported["aims"] for t in a["targets"] if t["code"] == target.code
    )
    assert [i["C"] for i in target_json["indicators"]] == ["36.00", "44.50", "12.00"]

    # Downloading the template again gives the values back.
    response = client.get(
        reverse("spreadsheets:template"),
        {"period": period.pk, "unit": target.responsible_unit_id},
    )
    ws = load_workbook(io.BytesIO(response.content))[ss.SHEET_TITLE]
    assert [r[8] for r in list(ws.values)[1:]] == [36, 44.5, 12]
