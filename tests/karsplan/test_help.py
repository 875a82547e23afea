"""The in-app help ("Yardım", issue 15 item 12) and the plain labels of item 10."""

import pytest
from django.urls import reverse

from karsplan.help import GUIDE, ROLES, help_pages
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db

# What each role's page must explain (issue 15 item 12), as the guide words it.
TOPICS = {
    "birim-personeli": [
        "Veri girişi",
        "veri yok",
        "Açıklama",
        "Gönder",
        "İadeye cevap",
        "Excel ile içe aktarmak",
        "Gösterge panelini okumak",
    ],
    "strateji-birimi": [
        "onaylamak ve iade etmek",
        "çözüldü",
        "Dönemler ve son günler",
        "Excel: içe ve dışa aktarmak",
        "Rapor oluşturmak ve yayımlamak",
        "Yayımla",
        "Kamuya açık sayfalar",
        "Kamuya aç",
        "Gösterge panelini okumak",
    ],
    "meclis-uyesi": ["Raporları okumak", "Gösterge panelini okumak"],
}
# The dashboard section, on every page.
DASHBOARD = ["yıl sonu hedefine göre", "beklenen ilerlemeye göre", "Kapsama", "risk altında"]


def test_the_guide_has_a_page_for_every_role():
    assert GUIDE.name == "kullanim-kilavuzu.md" and GUIDE.parent.name == "docs"
    assert set(help_pages()) == set(ROLES) == set(TOPICS)


@pytest.mark.parametrize("slug", sorted(TOPICS))
def test_each_role_page_explains_its_journeys(slug, council_user):
    html = logged_in(council_user).get(reverse("help_role", args=[slug])).content.decode()
    assert f"<h1>Yardım: {ROLES[slug]}</h1>" in html
    for topic in TOPICS[slug] + DASHBOARD:
        assert topic in html, topic
    # Only this role's section: the other roles' headings are links, not sections.
    others = [ROLES[s] for s in ROLES if s != slug]
    for title in others:
        assert f"<h1>{title}</h1>" not in html and f"<h2>{title}</h2>" not in html


@pytest.mark.parametrize(
    ("user_fixture", "slug"),
    [
        ("staff_user", "birim-personeli"),
        ("strategy_user", "strateji-birimi"),
        ("council_user", "meclis-uyesi"),
    ],
)
def test_help_opens_on_the_users_own_role(request, user_fixture, slug):
    client = logged_in(request.getfixturevalue(user_fixture))
    html = client.get(reverse("help")).content.decode()
    assert f"<h1>Yardım: {ROLES[slug]}</h1>" in html
    assert f'href="{reverse("help_role", args=[slug])}" aria-current="page"' in html


def test_the_navigation_links_to_help_and_offers_a_skip_link(staff_user):
    html = logged_in(staff_user).get(reverse("home")).content.decode()
    assert f'<a href="{reverse("help")}">Yardım</a>' in html
    assert '<a class="skip-link" href="#content">İçeriğe geç</a>' in html
    assert '<main class="container" id="content"' in html


def test_raw_html_in_the_guide_is_not_rendered(tmp_path):
    guide = tmp_path / "guide.md"
    guide.write_text("# K\n\n## Meclis üyesi\n\n<script>alert(1)</script>\n", encoding="utf-8")
    page = help_pages.__wrapped__(guide)["meclis-uyesi"]
    assert "<script>" not in page.html and "&lt;script&gt;" in page.html


def test_a_help_page_runs_a_bounded_number_of_queries(staff_user, django_assert_max_num_queries):
    client = logged_in(staff_user)
    client.get(reverse("help"))
    with django_assert_max_num_queries(15):
        assert client.get(reverse("help_role", args=["strateji-birimi"])).status_code == 200
