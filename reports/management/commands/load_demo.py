"""Demo users and demo actuals that follow the calendar, for `make run`. Never in production."""

import random
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from budget.models import CostEstimate
from goals.models import Plan, Target, Unit, UnitMembership
from goals.permissions import COUNCIL_GROUP, STAFF_GROUP, STRATEGY_GROUP
from indicators.models import Period
from karsplan.lib.text import turkish_sorted

DEMO_PASSWORD = "karsplan-demo"
TR_ASCII = str.maketrans("çğıöşüÇĞİÖŞÜ", "cgiosuCGIOSU")


def demo_expenditure(target: Target, period: Period) -> Decimal | None:
    """Half of the year's cost estimate, ±30 % (deterministic), for the demo."""
    estimate = (
        CostEstimate.objects.filter(target=target, year=period.year)
        .values_list("amount", flat=True)
        .first()
    )
    if not estimate:
        return None
    rng = random.Random(f"{target.plan.name}|{target.code}|{period.year}|{period.half}")
    factor = Decimal(str(round(rng.uniform(0.7, 1.3), 3)))
    return (estimate / 2 * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def unit_username(unit: Unit) -> str:
    base = unit.name.replace("Müdürlüğü", "").replace("Başkanlığı", "")
    return slugify(base.translate(TR_ASCII))[:30] or f"birim-{unit.pk}"


class Command(BaseCommand):
    help = (
        "Demo users and demo values up to the latest ended period, which is left open "
        "(for `make run`; idempotent); never in production."
    )

    def handle(self, *args: object, **options: object) -> None:
        if not (settings.DEBUG or settings.DEMO):
            raise CommandError("Demo verisi yalnızca geliştirme ortamında (DEBUG=1) yüklenir.")
        if not Plan.objects.exists():
            raise CommandError("Önce planı yükleyin: python manage.py load_plan")
        logins = self.create_users()
        from indicators.demo import demo_fill, demo_periods

        strategy = get_user_model().objects.get(username="strateji")
        # The demo shows the public pages (/acik/); a real plan starts with them off.
        Plan.objects.update(public_pages=True)
        for plan in Plan.objects.all():
            counts = demo_fill(plan, user=strategy, expenditure=demo_expenditure)
            done, open_period = demo_periods(plan, timezone.localdate())
            self.stdout.write(
                f"{plan.name}: demo verisi ({counts.get('actuals', 0)} yeni değer, "
                f"{counts.get('submissions', 0)} yeni gönderim; açıklamalarda “Demo verisi”)."
            )
            if open_period is not None:
                self.stdout.write(
                    f"  Veri girişine açık dönem: {open_period.label}, son gün "
                    f"{open_period.deadline:%d.%m.%Y}; doldurulan dönemler: "
                    f"{', '.join(p.label for p in done) or '-'}."
                )
        self.stdout.write("\nDemo girişleri (parola hepsinde: %s):" % DEMO_PASSWORD)
        for username, role in logins:
            self.stdout.write(f"  {username:<28} {role}")
        self.stdout.write("")

    @transaction.atomic
    def create_users(self) -> list[tuple[str, str]]:
        User = get_user_model()
        groups = {
            name: Group.objects.get_or_create(name=name)[0]
            for name in (STAFF_GROUP, STRATEGY_GROUP, COUNCIL_GROUP)
        }

        def user(username: str, first: str, last: str, group: str) -> object:
            u, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            if created:
                u.set_password(DEMO_PASSWORD)
                u.save()
            u.groups.add(groups[group])
            return u

        logins = []
        strategy = user("strateji", "Strateji", "Birimi", STRATEGY_GROUP)
        strategy.is_staff = True
        strategy.save(update_fields=["is_staff"])
        logins.append(("strateji", "Strateji Birimi (yönetim paneline de girer)"))
        user("meclis", "Meclis", "Üyesi", COUNCIL_GROUP)
        logins.append(("meclis", "Meclis Üyesi"))
        # The units responsible in any loaded plan, each once (Unit.objects.responsible_in).
        units = turkish_sorted(
            {unit for plan in Plan.objects.all() for unit in Unit.objects.responsible_in(plan)},
            key=lambda unit: unit.name,
        )
        for unit in units:
            username = unit_username(unit)
            u = user(username, unit.name, "Personeli", STAFF_GROUP)
            UnitMembership.objects.get_or_create(user=u, unit=unit)
            logins.append((username, f"Birim Personeli · {unit.name}"))
        return logins
