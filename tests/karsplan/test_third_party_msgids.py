"""The admin's history pages of django-simple-history speak Turkish: karsplan/third_party_msgids.py
puts their strings in our catalogue."""

from django.urls import reverse

from indicators import services
from indicators.models import Period
from tests.conftest import logged_in


def test_admin_history_pages_of_simple_history_are_in_turkish(plan, strategy_user):
    client = logged_in(strategy_user)
    period = Period.objects.filter(plan=plan).order_by("year", "half").first()
    services.period_open(user=strategy_user, period=period)
    html = client.get(reverse("admin:indicators_period_history", args=[period.pk])).content
    html = html.decode()
    for turkish in ("Kaydı önceki bir sürümüne döndürmek", "Değiştiren", "Değişiklik nedeni"):
        assert turkish in html
    for english in ("Choose a date", "Changed by", "Change reason", ">Object<", ">Comment<"):
        assert english not in html
    record = period.history.first()
    url = reverse("admin:indicators_period_simple_history", args=[period.pk, record.pk])
    html = client.get(url).content.decode()
    assert "Geri al" in html and "Historical" not in html
    assert '<a href="/admin/indicators/">Göstergeler ve izleme</a>' in html
