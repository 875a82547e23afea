from django.core.management.base import BaseCommand, CommandError, CommandParser

from goals.models import Plan
from plans.document import dumps
from plans.exporting import plan_export


class Command(BaseCommand):
    help = "Write a plan as one canonical JSON document (docs/plan-format.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--out", help="output file (default: standard output)")
        parser.add_argument("--plan", type=int, help="plan id (default: the latest plan)")

    def handle(self, *args: object, **options: object) -> None:
        plans = Plan.objects.newest_first()
        plan = plans.filter(pk=options["plan"]).first() if options["plan"] else plans.first()
        if plan is None:
            raise CommandError("Dışa aktarılacak plan yok. Önce load_plan çalıştırın.")
        text = dumps(plan_export(plan))
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stderr.write(f"{plan.name} → {options['out']}")
        else:
            self.stdout.write(text, ending="")
