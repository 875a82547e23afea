from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plans.document import DEFAULT_PLAN_PATH, PlanFormatError, read_document
from plans.loading import plan_load


class Command(BaseCommand):
    help = "Load a plan document (default: the Kars 2025–2029 plan). Idempotent and atomic."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PLAN_PATH))

    def handle(self, *args: object, path: str, **options: object) -> None:
        try:
            result = plan_load(document=read_document(Path(path)))
        except PlanFormatError as exc:
            lines = "\n".join(f"  - {e}" for e in exc.errors)
            raise CommandError(
                f"Plan yüklenemedi ({path}); veritabanı değiştirilmedi. "
                f"{len(exc.errors)} sorun:\n{lines}"
            )
        c = result.counts
        state = "oluşturuldu" if result.created else "güncellendi"
        if not result.created and not result.changed:
            state = "zaten güncel, değişiklik yok"
        self.stdout.write(
            f"{result.plan.name}: {state} ({c['aims']} amaç, {c['targets']} hedef, "
            f"{c['indicators']} gösterge, {c['units']} birim; {result.changed} kayıt yazıldı)."
        )
