"""python manage.py import_actuals: the web import's checks from the command line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import Actual, Submission
from tests.indicators.spreadsheet_support import BAD_FILES, BAD_IDS, csv_bytes, db_state, row, xlsx

OPEN_MOMENT = dt.datetime(2025, 7, 5, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def open_day():
    with time_machine.travel(OPEN_MOMENT, tick=False):
        yield


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def exit_status(*argv: str) -> int:
    """The exit status of `manage.py import_actuals …`: `run_from_argv` exits with the
    CommandError's `returncode` (it also closes the database connections, which the test
    still needs, so it is not called here)."""
    try:
        call_command("import_actuals", *argv)
    except CommandError as exc:
        return exc.returncode
    return 0


def test_dry_run_prints_the_preview_and_writes_nothing(
    plan, staff_user, tmp_path, open_day, capsys
):
    path = write(tmp_path, "veri.xlsx", xlsx([row(value=150), row(order=3, value=12)]))
    call_command("import_actuals", path, "--user", "birim", "--dry-run")
    out = capsys.readouterr().out
    assert "+ satır 2: H1.1 #1 P.G. 1.1.1 2025-H1: – → 150" in out
    assert "Uyarı: Satır 2:" in out
    assert "Önizleme: 2 yeni, 0 değişen, 0 aynı, 1 uyarı, 0 hata." in out
    assert "hiçbir şey kaydedilmedi" in out
    assert not Actual.objects.exists()


def test_import_writes_as_the_user_with_history(plan, staff_user, tmp_path, open_day, capsys):
    path = write(tmp_path, "veri.csv", "Hedef;Sıra;Dönem;Değer\nH1.1;1;2025-H1;33,5\n".encode())
    call_command("import_actuals", path, "--user", "birim")
    assert "Kaydedildi: 1 yeni, 0 değişen, 0 aynı." in capsys.readouterr().out
    actual = Actual.objects.get()
    assert actual.value == Decimal("33.5")
    assert actual.history.first().history_user == staff_user
    assert actual.history.first().history_change_reason == "Excel içe aktarma: veri.csv"


@pytest.mark.parametrize(("case", "make", "who", "today", "expected"), BAD_FILES, ids=BAD_IDS)
def test_bad_file_exits_with_status_1_and_writes_nothing(
    plan, staff_user, strategy_user, tmp_path, capsys, case, make, who, today, expected
):
    username = {"staff": "birim", "strategy": "strateji"}[who]
    name, data = make()
    path = write(tmp_path, name, data)
    before = db_state()
    with time_machine.travel(dt.datetime.combine(today, dt.time(10), tzinfo=dt.UTC)):
        assert exit_status(path, "--user", username) == 1
    assert expected() in capsys.readouterr().err
    assert db_state() == before


def test_approve_is_for_the_strategy_office(plan, staff_user, strategy_user, tmp_path, target):
    rows = [row(order=k, value=40, deviation="neden") for k in (1, 2, 3)]
    path = write(tmp_path, "veri.xlsx", xlsx(rows))
    with pytest.raises(CommandError, match="yalnızca Strateji Birimi"):
        call_command("import_actuals", path, "--user", "birim", "--approve")
    with time_machine.travel(dt.datetime(2026, 2, 1, 10, tzinfo=dt.UTC)):
        call_command("import_actuals", path, "--user", "strateji", "--approve")
    assert Submission.objects.get(unit=target.responsible_unit).status == "approved"
    assert Actual.objects.count() == 3


def test_unknown_user_or_file_is_an_error(plan, tmp_path, staff_user):
    path = write(tmp_path, "veri.xlsx", xlsx([row(value=1)]))
    with pytest.raises(CommandError, match="Kullanıcı bulunamadı"):
        call_command("import_actuals", path, "--user", "yok")
    with pytest.raises(CommandError, match="Dosya bulunamadı"):
        call_command("import_actuals", str(tmp_path / "yok.xlsx"), "--user", "birim")


def test_the_command_reads_a_windows_1254_csv_and_reports_a_bad_cell(
    plan, strategy_user, tmp_path, capsys
):
    good = tmp_path / "excel.csv"
    good.write_bytes(
        csv_bytes([row(value="45,5", explanation="Öğün")], delimiter=";", encoding="cp1254")
    )
    call_command("import_actuals", str(good), "--user", "strateji", "--dry-run")
    out = capsys.readouterr().out
    assert "Not: CSV dosyası UTF-8 değil" in out
    assert "+ satır 2: H1.1 #1 P.G. 1.1.1 2025-H1: – → 45,5" in out
    bad = tmp_path / "tarih.xlsx"
    bad.write_bytes(xlsx([row(value=dt.datetime(2025, 3, 4))]))
    with pytest.raises(CommandError, match="1 hata bulundu; hiçbir şey kaydedilmedi"):
        call_command("import_actuals", str(bad), "--user", "strateji")
    assert "Hata: Satır 2, Değer: Hücrede sayı değil, bir tarih (04.03.2025)" in (
        capsys.readouterr().err
    )
    assert not Actual.objects.exists()
