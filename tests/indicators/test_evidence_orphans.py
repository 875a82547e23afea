"""Evidence files and crashes: a save that does not commit leaves no file on disk, a save
that commits leaves exactly its files, a removed file stays until the period is approved and
goes only after that commit, and `manage.py evidence_orphans` finds (and with --delete
removes) files without a row."""

from __future__ import annotations

import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from indicators import services
from indicators.entry_rules import KEEP, EntryRow
from indicators.models import Evidence
from indicators.services import entries as entries_module
from tests.indicators.entry_support import IN_H1_WINDOW
from tests.indicators.services.test_evidence import PDF, PNG

pytestmark = pytest.mark.django_db

TODAY = IN_H1_WINDOW.date()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def on_disk(media: Path) -> list[str]:
    folder = media / "evidence"
    if not folder.exists():
        return []
    return sorted(p.relative_to(media).as_posix() for p in folder.rglob("*") if p.is_file())


def attach(user, indicator, period, name="Rapor.pdf", content=PDF) -> Evidence:
    return services.evidence_attach(
        user=user,
        indicator=indicator,
        period=period,
        file=SimpleUploadedFile(name, content),
        today=TODAY,
    )


def test_a_saved_file_is_on_disk_exactly_once_under_its_rows_name(
    media, staff_user, period, indicators
):
    evidence = attach(staff_user, indicators[0], period)
    assert on_disk(media) == [evidence.file.name]
    assert (media / evidence.file.name).read_bytes() == PDF


def test_a_save_refused_for_a_stale_row_in_the_same_save_leaves_no_file(
    media, staff_user, strategy_user, unit, period, target, indicators
):
    review = {"target_id": target.pk, "version": 0, "activities_done": "Eğitim yapıldı."}
    services.entries_save(
        user=strategy_user, unit=unit, period=period, reviews=[review], today=TODAY
    )
    result = services.entries_save(
        user=staff_user,
        unit=unit,
        period=period,
        rows=[
            EntryRow(
                indicator_id=indicators[0].pk,
                value=KEEP,
                files=[SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.png", PNG)],
            )
        ],
        reviews=[{**review, "activities_done": "Başka metin"}],  # still version 0: stale
        today=TODAY,
    )
    assert not result.saved and result.conflicts and result.evidence == []
    assert not Evidence.objects.exists()
    assert on_disk(media) == []


def test_a_failure_after_the_files_were_written_removes_them(
    media, staff_user, unit, period, indicators, monkeypatch
):
    """The files are the save's last step; anything that fails after them (here: the
    commit, simulated) rolls the rows back and the files are deleted."""
    store = entries_module._evidence_store_files

    def store_then_fail(pending, stored):
        store(pending, stored)
        assert len(on_disk(media)) == 2  # both files were on disk at this point
        raise RuntimeError("commit failed")

    monkeypatch.setattr(entries_module, "_evidence_store_files", store_then_fail)
    with pytest.raises(RuntimeError):
        services.entries_save(
            user=staff_user,
            unit=unit,
            period=period,
            rows=[
                EntryRow(
                    indicator_id=indicators[0].pk,
                    value="36",
                    version=0,
                    files=[SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.png", PNG)],
                )
            ],
            today=TODAY,
        )
    assert not Evidence.objects.exists()
    assert on_disk(media) == []


def test_a_file_that_cannot_be_written_rolls_back_and_removes_the_ones_before_it(
    media, staff_user, unit, period, indicators, monkeypatch
):
    storage = Evidence._meta.get_field("file").storage
    save = storage.save
    calls = []

    def disk_full_on_second(name, content, max_length=None):
        calls.append(name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return save(name, content, max_length=max_length)

    monkeypatch.setattr(storage, "save", disk_full_on_second)
    with pytest.raises(OSError):
        services.entries_save(
            user=staff_user,
            unit=unit,
            period=period,
            rows=[
                EntryRow(
                    indicator_id=indicators[0].pk,
                    value=KEEP,
                    files=[SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.png", PNG)],
                )
            ],
            today=TODAY,
        )
    assert not Evidence.objects.exists()
    assert on_disk(media) == []


def test_a_removed_file_stays_on_disk_until_the_approval_deletes_it_after_the_commit(
    media, staff_user, strategy_user, unit, period, indicators, django_capture_on_commit_callbacks
):
    kept = attach(staff_user, indicators[0], period, "kalan.pdf")
    doomed = attach(staff_user, indicators[0], period, "giden.png", PNG)
    result = services.entries_save(
        user=staff_user,
        unit=unit,
        period=period,
        rows=[EntryRow(indicator_id=indicators[0].pk, value=KEEP, remove_evidence=[doomed.pk])],
        today=TODAY,
    )
    assert result.saved and result.removed == ["giden.png"]
    assert Evidence.objects.get(pk=doomed.pk).removed_at is not None
    assert doomed.file.name in on_disk(media)  # recoverable until the period is approved
    rows = [
        EntryRow(indicator_id=i.pk, value=v)
        for i, v in zip(indicators, ("40", "39", "15"), strict=True)
    ]
    submission = services.entries_save(
        user=staff_user, unit=unit, period=period, rows=rows, submit=True, today=TODAY
    ).submission
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submission_approve(user=strategy_user, submission=submission)
    assert list(Evidence.objects.all()) == [kept]
    assert doomed.file.name in on_disk(media)  # not committed yet: the file stays
    for callback in callbacks:
        callback()
    assert on_disk(media) == [kept.file.name]


# The orphan command --------------------------------------------------------------------------


def orphan(media: Path, name: str, size: int, minutes_old: float) -> Path:
    path = media / "evidence" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    moment = time.time() - minutes_old * 60
    os.utime(path, (moment, moment))
    return path


def run(*args: str) -> str:
    out = StringIO()
    call_command("evidence_orphans", *args, stdout=out)
    return out.getvalue()


def test_the_command_lists_orphans_and_missing_files_and_deletes_only_with_delete(
    media, staff_user, period, indicators
):
    kept = attach(staff_user, indicators[0], period, "Kanıt.pdf")
    lost = attach(staff_user, indicators[1], period, "Kayıp.pdf")
    (media / lost.file.name).unlink()
    old = orphan(media, "0123456789abcdef0123456789abcdef.pdf", 12345, minutes_old=60)
    in_flight = orphan(media, "fedcba9876543210fedcba9876543210.png", 2048, minutes_old=1)

    listing = run()
    assert "Kaydı olmayan (sahipsiz) dosya: 1, toplam 0,0 MB (12.345 bayt)" in listing
    assert "evidence/0123456789abcdef0123456789abcdef.pdf  12.345 bayt" in listing
    assert "Son 10 dakikada yazılmış, kaydı henüz olmayan dosya: 1" in listing
    assert "evidence/fedcba9876543210fedcba9876543210.png  2.048 bayt" in listing
    assert "Dosyası diskte olmayan kayıt: 1" in listing
    assert f"#{lost.pk} Kayıp.pdf → {lost.file.name}" in listing
    assert "Silmek için --delete ile yeniden çalıştırın." in listing
    assert kept.file.name not in listing
    assert old.exists() and in_flight.exists()  # a dry run deletes nothing

    deleted = run("--delete")
    assert "1 sahipsiz dosya silindi (0,0 MB, 12.345 bayt)." in deleted
    assert not old.exists()
    assert in_flight.exists()  # younger than 10 minutes: a save may be writing it
    assert (media / kept.file.name).exists()
    assert Evidence.objects.count() == 2  # rows are never deleted, even without their file

    assert "Kaydı olmayan (sahipsiz) dosya: 0" in run("--delete")
    assert "Kaydı olmayan (sahipsiz) dosya: 1" in run("--min-age", "0")  # the young one


def test_an_orphan_that_got_its_row_meanwhile_is_not_deleted(media, staff_user, period, indicators):
    evidence = attach(staff_user, indicators[0], period)
    audit = services.evidence_audit(min_age=services.ORPHAN_MIN_AGE * 0)
    assert audit.orphans == []
    stale_audit = [
        services.evidence.StoredFile(evidence.file.name, len(PDF), evidence.uploaded_at)
    ]  # as if listed just before the row was committed
    assert services.evidence_orphans_remove(stale_audit) == []
    assert (media / evidence.file.name).exists()


# A real process killed during a save ----------------------------------------------------------

KILLED_SAVE = """
import datetime as dt, os, signal, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from indicators import services
from indicators.models import Indicator, Period
from indicators.services import entries

mode, user, indicator, period = sys.argv[1], *map(int, sys.argv[2:])
store = entries._evidence_store_files

def store_then_die(pending, stored):
    store(pending, stored)
    os.kill(os.getpid(), signal.SIGKILL)  # after the files, before the commit

if mode == "before-commit":
    entries._evidence_store_files = store_then_die
services.evidence_attach(
    user=get_user_model().objects.get(pk=user),
    indicator=Indicator.objects.get(pk=indicator),
    period=Period.objects.get(pk=period),
    file=SimpleUploadedFile("Rapor.pdf", b"%PDF-1.4 killed %%EOF"),
    today=dt.date(2025, 7, 5),
)
os.kill(os.getpid(), signal.SIGKILL)  # after the commit
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", ["before-commit", "after-commit"])
def test_a_process_killed_during_a_save_leaves_at_most_an_orphan_the_command_removes(
    mode, media, period, indicators
):
    """SIGKILL cannot run a cleanup: killed between the file and the commit, the save leaves
    a file without a row (never a row without its file), and the command removes it."""
    import signal
    import subprocess
    import sys
    from urllib.parse import urlsplit, urlunsplit

    from django.contrib.auth.models import Group
    from django.db import connection

    from goals.permissions import ROLE_GROUPS, STRATEGY_GROUP
    from tests.conftest import make_user

    if connection.vendor != "postgresql":
        pytest.skip("the killed process shares the test database only on PostgreSQL")
    for name in ROLE_GROUPS:  # a transactional test before this one may have flushed them
        Group.objects.get_or_create(name=name)
    user = make_user("strateji-kill", STRATEGY_GROUP)
    url = urlsplit(os.environ["DATABASE_URL"])
    env = {
        **os.environ,
        "DATABASE_URL": urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"])),
        "MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "karsplan.settings",
    }
    args = [str(user.pk), str(indicators[0].pk), str(period.pk)]
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_SAVE, mode, *args],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    files = on_disk(media)
    assert len(files) == 1
    if mode == "after-commit":
        assert list(Evidence.objects.values_list("file", flat=True)) == files
        assert "Kaydı olmayan (sahipsiz) dosya: 0" in run("--min-age", "0")
        return
    assert not Evidence.objects.exists()
    assert "Son 10 dakikada yazılmış, kaydı henüz olmayan dosya: 1" in run("--delete")
    assert on_disk(media) == files  # too young to be deleted by default
    assert "1 sahipsiz dosya silindi" in run("--delete", "--min-age", "0")
    assert on_disk(media) == []
