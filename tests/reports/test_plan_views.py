"""Plan pages: what the printed plan shows, in Turkish, in a bounded number of queries."""

import pytest
from django.urls import reverse

from goals.models import Aim, Target, Unit
from plans.loading import plan_load
from tests.conftest import logged_in, login, make_user
from tests.plan_documents import synthetic_document


def page_urls(plan) -> list[str]:
    aim = Aim.objects.filter(plan=plan).order_by("order").first()
    target = Target.objects.filter(plan=plan).order_by("order").first()
    return [
        reverse("goals:plan", args=[plan.pk]),
        reverse("goals:aim", args=[aim.pk]),
        reverse("goals:target", args=[target.pk]),
        reverse("goals:unit", args=[target.responsible_unit_id]),
        reverse("goals:units"),
        reverse("indicators:detail", args=[target.indicators.order_by("order").first().pk]),
    ]


def query_counts(client, urls, django_assert_max_num_queries) -> list[int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        counts.append(len(ctx.captured_queries))
    return counts


def test_plan_pages_run_the_same_queries_for_a_plan_ten_times_bigger(
    db, council_user, django_assert_max_num_queries
):
    client = logged_in(council_user)
    small = plan_load(document=synthetic_document(2, 2, 3, name="Küçük Plan")).plan
    big = plan_load(document=synthetic_document(4, 5, 6, name="Büyük Plan")).plan
    small_counts = query_counts(client, page_urls(small), django_assert_max_num_queries)
    big_counts = query_counts(client, page_urls(big), django_assert_max_num_queries)
    assert small_counts == big_counts
    assert max(big_counts) <= 15
    with django_assert_max_num_queries(15):
        client.get(page_urls(big)[0])


def test_plan_overview_shows_mission_vision_values_aims_targets_and_costs(kars_plan, council_user):
    html = logged_in(council_user).get(reverse("goals:plan", args=[kars_plan.pk])).content.decode()
    assert (
        "Misyon" in html
        and "Vizyon" in html
        and "Temel değerler" in html.replace("Temel Değerler", "Temel değerler")
    )
    assert "Katılımcılık" in html
    for code in ("A1", "A8", "H1.1", "H7.4", "H8.3"):
        assert code in html
    assert "4.153.238" in html  # H1.1 card total, Turkish format


def test_target_page_shows_the_whole_card(kars_plan, staff_user):
    target = Target.objects.get(plan=kars_plan, code="H1.1")
    html = logged_in(staff_user).get(reverse("goals:target", args=[target.pk])).content.decode()
    assert "Mali Hizmetler Müdürlüğü" in html  # responsible
    assert "Emlak ve İstimlak Müdürlüğü" in html  # cooperating
    assert "Çalışan Memnuniyetinin Yıllık Artış Oranı" in html
    assert "3,61" in html  # weight in Turkish format
    for year in range(2025, 2030):
        assert str(year) in html
    assert "6 ay" in html
    assert "Riskler" in html and "Faaliyet" in html and "Tespitler" in html and "İhtiyaçlar" in html
    assert "850.000" in html and "503.238" in html  # Tablo 24 cost per year


def test_target_page_warns_when_weights_do_not_sum_to_100(kars_plan, council_user):
    target = Target.objects.get(plan=kars_plan, code="H1.6")
    html = logged_in(council_user).get(reverse("goals:target", args=[target.pk])).content.decode()
    assert 'data-testid="weight-warning"' in html
    assert "0,10" in html
    ok = Target.objects.get(plan=kars_plan, code="H1.1")
    html = logged_in(council_user).get(reverse("goals:target", args=[ok.pk])).content.decode()
    assert 'data-testid="weight-warning"' not in html


def test_unit_page_lists_responsible_and_cooperating_targets(kars_plan, council_user):
    unit = Unit.objects.get(name="Mali Hizmetler Müdürlüğü")
    html = logged_in(council_user).get(reverse("goals:unit", args=[unit.pk])).content.decode()
    assert "H1.1" in html
    assert "Sorumlu olduğu hedefler" in html or "sorumlu" in html.lower()


def test_missing_objects_are_404(db, council_user):
    client = logged_in(council_user)
    for name in ("goals:plan", "goals:aim", "goals:target", "goals:unit", "indicators:detail"):
        assert client.get(reverse(name, args=[999999])).status_code == 404


def test_plan_pages_need_login(client, small_plan):
    response = client.get(reverse("goals:plan", args=[small_plan.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_council_member_walks_plan_aim_target(page, kars_plan):
    make_user("uye", "Meclis Üyesi")
    login(page, "uye")
    page.get_by_role("link", name="Plan", exact=True).click()
    assert page.locator("h1").inner_text() == kars_plan.name
    page.get_by_role("link", name="A5", exact=True).click()
    assert page.locator("h1").inner_text().startswith("A5 ")
    page.get_by_role("link", name="H5.3", exact=True).click()
    assert page.locator("h1").inner_text().startswith("H5.3 ")
    assert page.get_by_text("kart 2").first.is_visible()
    assert page.get_by_role("heading", name="Performans göstergeleri").is_visible()


def test_a_large_plan_page_is_grouped_by_aim_with_navigation(db, council_user):
    big = plan_load(document=synthetic_document(10, 3, 2, name="Büyük Plan")).plan
    html = logged_in(council_user).get(reverse("goals:plan", args=[big.pk])).content.decode()
    nav = html[html.index('data-testid="plan-nav"') : html.index("</nav>", html.index("plan-nav"))]
    assert all(f'href="#A{k}"' in nav for k in range(1, 11))
    assert html.count('<details class="card aim-group" id="A') == 10
    assert '<details class="card aim-group" id="A1" open>' not in html  # folded: 10 aims
    assert 'id="H10.3"' in html  # each target row can be linked to
    assert "Amaç listesine dön" in html
