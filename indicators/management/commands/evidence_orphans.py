"""python manage.py evidence_orphans [--delete] [--min-age MINUTES]"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from indicators import services
from karsplan.lib.dates import format_datetime_tr
from karsplan.lib.numbers import format_megabytes, format_tr


def _bytes(size: int) -> str:
    return f"{format_tr(size, places=0)} bayt"


def _when(moment: dt.datetime) -> str:
    return format_datetime_tr(timezone.localtime(moment))


class Command(BaseCommand):
    help = (
        "Find evidence files under MEDIA_ROOT/evidence that have no Evidence row (orphans, "
        "left by a process killed during a save) and rows whose file is missing. Prints "
        "them; deletes the orphans only with --delete. Files modified in the last "
        "--min-age minutes (default 10) are never deleted: a save may be writing them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--delete", action="store_true", help="delete the orphan files (default: list only)"
        )
        parser.add_argument(
            "--min-age",
            type=int,
            default=int(services.ORPHAN_MIN_AGE.total_seconds() // 60),
            help="only files older than this many minutes count as orphans (default: 10)",
        )

    def handle(self, *args: object, **options: object) -> None:
        min_age = dt.timedelta(minutes=max(0, int(options["min_age"])))
        audit = services.evidence_audit(min_age=min_age)
        out = self.stdout.write
        out(f"Kanıt klasörü: {audit.folder}")
        total = sum(f.size for f in audit.orphans)
        out(
            f"Kaydı olmayan (sahipsiz) dosya: {len(audit.orphans)}, "
            f"toplam {format_megabytes(total)} MB ({_bytes(total)})"
        )
        for stored in audit.orphans:
            out(f"  {stored.name}  {_bytes(stored.size)}  {_when(stored.modified)}")
        if audit.young:
            out(
                f"Son {options['min_age']} dakikada yazılmış, kaydı henüz olmayan dosya: "
                f"{len(audit.young)} (süren bir kayıt işlemine ait olabilir; dokunulmadı)"
            )
            for stored in audit.young:
                out(f"  {stored.name}  {_bytes(stored.size)}  {_when(stored.modified)}")
        out(f"Dosyası diskte olmayan kayıt: {len(audit.missing)}")
        for row in audit.missing:
            out(
                f"  #{row.pk} {row.original_name} → {row.file.name} "
                f"(gösterge değeri #{row.actual_id}, {_when(row.uploaded_at)})"
            )
        if audit.missing:
            out(
                "  Bu kayıtlar silinmedi: dosyaları yedekten geri yükleyin ya da kanıtı "
                "giriş sayfasında kaldırıp yeniden yükletin."
            )
        if not audit.orphans:
            return
        if not options["delete"]:
            out("Silmek için --delete ile yeniden çalıştırın.")
            return
        deleted = services.evidence_orphans_remove(audit.orphans)
        size = sum(f.size for f in deleted)
        out(
            self.style.SUCCESS(
                f"{len(deleted)} sahipsiz dosya silindi ({format_megabytes(size)} MB, "
                f"{_bytes(size)})."
            )
        )
