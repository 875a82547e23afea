"""Backup and restore as docs/operations.md tells it, on PostgreSQL: dump the database and
archive the media, restore both into a new database and a new folder, and find the same rows
in every table and the same files, byte for byte."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from goals.permissions import STAFF_GROUP
from indicators import services
from indicators.entry_rules import EntryRow
from indicators.models import Actual, Evidence
from tests.conftest import make_user

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = (ROOT / "docs" / "operations.md").read_text()

# The documented commands, in order, run as written (bash, from the project folder).
BACKUP = [
    'pg_dump --format=custom --no-owner --dbname="$DATABASE_URL" --file="$BACKUP/karsplan.dump"',
    'tar --create --gzip --file="$BACKUP/media.tar.gz" --directory="$MEDIA_ROOT" .',
    '(cd "$MEDIA_ROOT" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum)'
    ' > "$BACKUP/media.sha256"',
    'psql "$DATABASE_URL" --no-psqlrc --tuples-only --no-align --file=deploy/row_counts.sql'
    ' > "$BACKUP/rows.txt"',
]
RESTORE = [
    'psql "$DATABASE_URL" --command="CREATE DATABASE $RESTORE_DB"',
    'pg_restore --no-owner --exit-on-error --dbname="$RESTORE_URL" "$BACKUP/karsplan.dump"',
    'mkdir -p "$RESTORE_MEDIA"',
    'tar --extract --gzip --file="$BACKUP/media.tar.gz" --directory="$RESTORE_MEDIA"',
]
CHECK = [
    'psql "$RESTORE_URL" --no-psqlrc --tuples-only --no-align --file=deploy/row_counts.sql'
    ' | diff "$BACKUP/rows.txt" -',
    '(cd "$RESTORE_MEDIA" && sha256sum --check --quiet "$BACKUP/media.sha256")',
    'DATABASE_URL="$RESTORE_URL" python manage.py migrate --check',
]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_the_commands_run_here_are_the_documented_ones():
    for command in BACKUP + RESTORE + CHECK:
        assert command in OPERATIONS, command


def database_url(name: str) -> str:
    s = connection.settings_dict
    user = quote(s["USER"] or "", safe="")
    password = ":" + quote(s["PASSWORD"], safe="") if s["PASSWORD"] else ""
    return f"postgres://{user}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def run(command: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def row_counts(url: str) -> dict[str, int]:
    """Every table's row count, read with psycopg2 (not with the documented SQL)."""
    import psycopg2

    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    conn.close()
    return counts


def checksums(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def major(version_output: str) -> int:
    """15 from "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"."""
    return int(re.search(r"\(PostgreSQL\) (\d+)", version_output).group(1))


@pytest.fixture
def postgres_tools():
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore are PostgreSQL's pg_dump/pg_restore: set DATABASE_URL")
    for tool in ("pg_dump", "pg_restore", "psql"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is missing: install postgresql-client (.ci/run does)")
    client = major(subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server = int(cursor.fetchone()[0]) // 10000
    assert client >= server, f"pg_dump {client} cannot dump a PostgreSQL {server} server"


@pytest.fixture
def restore_target():
    name = f"{connection.settings_dict['NAME']}_restored_{os.getpid()}"[:63]
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(
    postgres_tools, restore_target, settings, tmp_path, plan, period, unit, indicators, h1_window
):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    # A plan, the unit's values with an evidence file, submitted.
    staff = make_user("birim", STAFF_GROUP, unit=unit)
    evidence = SimpleUploadedFile("rapor.pdf", PDF)
    rows = [
        EntryRow(indicator_id=indicators[0].pk, value="40", files=[evidence]),
        EntryRow(indicator_id=indicators[1].pk, value="39"),
        EntryRow(indicator_id=indicators[2].pk, value="15"),
    ]
    result = services.entries_save(user=staff, unit=unit, period=period, rows=rows, submit=True)
    assert result.saved and result.submitted, (result.errors, result.warnings)
    assert Actual.objects.filter(period=period).count() == 3
    assert Evidence.objects.count() == 1

    source = connection.settings_dict["NAME"]
    env = {
        **os.environ,
        # "python" is the application's (the virtualenv's) Python, as in production.
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
        "DATABASE_URL": database_url(source),
        "MEDIA_ROOT": str(media),
        "BACKUP": str(tmp_path / "backup"),
        "RESTORE_DB": restore_target,
        "RESTORE_URL": database_url(restore_target),
        "RESTORE_MEDIA": str(tmp_path / "restored-media"),
    }
    (tmp_path / "backup").mkdir()
    for command in BACKUP + RESTORE + CHECK:
        run(command, env)

    rows_file = (tmp_path / "backup" / "rows.txt").read_text().splitlines()
    assert "indicators_evidence|1" in rows_file and "indicators_actual|3" in rows_file
    # Checked again here, independently of the documented check commands.
    before, after = row_counts(database_url(source)), row_counts(database_url(restore_target))
    assert after == before
    assert before["indicators_actual"] == 3 and before["indicators_evidence"] == 1
    assert before["indicators_indicator"] == 12 and before["auth_user"] == 1
    files_before, files_after = checksums(media), checksums(tmp_path / "restored-media")
    assert files_after == files_before
    assert len(files_before) == 1
    (stored,) = files_after
    assert (tmp_path / "restored-media" / stored).read_bytes() == PDF
    assert stored == Evidence.objects.get().file.name
