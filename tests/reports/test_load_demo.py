"""`make run`'s demo data: idempotent, marked as demo, never in production."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from goals.models import Target
from indicators.models import Actual, Submission


def test_demo_creates_logins_and_2025_values_once(kars_plan, settings, capsys):
    settings.DEMO = True
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "strateji" in out and "meclis" in out and "mali-hizmetler" in out
    users = get_user_model().objects.count()
    actuals = Actual.objects.count()
    responsible_units = Target.objects.values("responsible_unit").distinct().count()
    assert users == 2 + responsible_units
    assert actuals > 300
    assert not Actual.objects.exclude(explanation__icontains="Demo verisi").exists()
    assert Submission.objects.filter(status="approved").exists()
    kars_plan.refresh_from_db()
    assert kars_plan.public_pages  # the demo shows the public pages at /acik/

    call_command("load_demo")
    assert get_user_model().objects.count() == users
    assert Actual.objects.count() == actuals


def test_demo_refuses_to_run_in_production(kars_plan, settings):
    settings.DEMO = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="yalnızca geliştirme"):
        call_command("load_demo")
    assert not get_user_model().objects.exists()
