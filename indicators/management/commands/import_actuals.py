"""python manage.py import_actuals FILE [--user USERNAME] [--dry-run] [--approve] [--plan ID]"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from goals import permissions
from goals.models import Plan
from indicators import spreadsheets
from karsplan.lib.numbers import format_tr_auto


class Command(BaseCommand):
    help = (
        "Import actual values from an .xlsx or CSV file in the template's format, with the "
        "same checks as the web import. Prints the preview or the errors; exits with status "
        "1 on any error, and then nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx or .csv file")
        parser.add_argument(
            "--user",
            help="import as this user (permissions, history); default: the first superuser",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and print the preview, write nothing"
        )
        parser.add_argument(
            "--approve",
            action="store_true",
            help="strategy office only: submit and approve the units' periods in the file",
        )
        parser.add_argument("--plan", type=int, help="plan id (default: the latest plan)")

    def handle(self, *args: object, **options: object) -> None:
        user = self._user(options["user"])
        if options["approve"] and not permissions.is_strategy(user):
            raise CommandError(
                "--approve yalnızca Strateji Birimi kullanıcılarıyla kullanılabilir."
            )
        plans = Plan.objects.newest_first()
        plan = plans.filter(pk=options["plan"]).first() if options["plan"] else plans.first()
        if plan is None:
            raise CommandError("Plan bulunamadı. Önce load_plan çalıştırın.")
        path = Path(str(options["file"]))
        if not path.is_file():
            raise CommandError(f"Dosya bulunamadı: {path}")
        data = path.read_bytes()
        try:
            sheet = spreadsheets.sheet_read(name=path.name, data=data)
        except spreadsheets.FileRejected as exc:
            self._issues("Hata", exc.issues)
            raise CommandError("Dosya okunamadı; hiçbir şey kaydedilmedi.")
        preview = spreadsheets.import_preview(plan=plan, user=user, sheet=sheet)
        self._print(preview)
        if not preview.ok:
            raise CommandError(f"{len(preview.errors)} hata bulundu; hiçbir şey kaydedilmedi.")
        if options["dry_run"]:
            self.stdout.write("Deneme çalıştırması (--dry-run): hiçbir şey kaydedilmedi.")
            return
        try:
            written = spreadsheets.import_apply(
                plan=plan,
                user=user,
                sheet=sheet,
                expected_digest=preview.digest,
                approve=options["approve"],
            )
        except spreadsheets.ImportRefused as exc:
            self._issues("Hata", exc.preview.errors)
            raise CommandError(exc.reason)
        except PermissionDenied:
            raise CommandError("Bu kullanıcının bu içe aktarmaya yetkisi yok.")
        counts = written.counts
        message = (
            f"Kaydedildi: {counts['created']} yeni, {counts['changed']} değişen, "
            f"{counts['unchanged']} aynı."
        )
        if options["approve"]:
            message += " Dosyadaki birim dönemleri onaylandı."
        self.stdout.write(self.style.SUCCESS(message))

    def _user(self, username: object):  # noqa: ANN202 - a user model instance
        users = get_user_model().objects
        if username:
            user = users.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"Kullanıcı bulunamadı: {username}")
        else:
            user = users.filter(is_superuser=True, is_active=True).order_by("pk").first()
            if user is None:
                raise CommandError("--user verin: etkin bir süper kullanıcı yok.")
        if not (permissions.is_strategy(user) or permissions.is_unit_staff(user)):
            raise CommandError(
                f"{user.get_username()} veri giremez (birim personeli ya da Strateji Birimi "
                "olmalı)."
            )
        return user

    def _issues(self, label: str, issues: list[spreadsheets.Issue]) -> None:
        for issue in issues:
            self.stderr.write(f"{label}: {issue}")

    def _print(self, preview: spreadsheets.Preview) -> None:
        for notice in preview.notices:
            self.stdout.write(f"Not: {notice}")
        symbols = {"created": "+", "changed": "~", "unchanged": "="}
        for row in preview.rows:
            if row.action == spreadsheets.Action.UNCHANGED:
                continue
            if row.errors:
                new = f"{row.raw_value or '–'} (hatalı)"
            else:
                new = "veri yok" if row.no_data else format_tr_auto(row.value)
            self.stdout.write(
                f"{'!' if row.errors else symbols[row.action]} satır {row.row}: "
                f"{row.indicator.target.code} #{row.indicator.order} {row.indicator.code} "
                f"{row.period.label}: {format_tr_auto(row.old_value)} → {new}"
            )
        for warning in preview.warnings:
            self.stdout.write(f"Uyarı: {warning}")
        self._issues("Hata", preview.errors)
        counts = preview.counts
        self.stdout.write(
            f"Önizleme: {counts['created']} yeni, {counts['changed']} değişen, "
            f"{counts['unchanged']} aynı, {len(preview.warnings)} uyarı, "
            f"{len(preview.errors)} hata."
        )
