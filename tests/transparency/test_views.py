"""The public pages at /acik/ as an anonymous visitor sees them (DESIGN.md §9)."""

from __future__ import annotations

import csv
import io
import json

from django.test import Client
from django.urls import reverse

from indicators.models import Actual
from reports.services import report_publish
from tests.transparency.conftest import PERSONAL, finished_report
from transparency.opendata import CSV_COLUMNS


def _period(public, name="public:period", year=2025, half=1) -> str:
    return reverse(name, kwargs={"pk": public.plan.pk, "year": year, "half": half})


def _get(url: str):
    return Client().get(url)


def test_public_pages_are_off_by_default(small_plan):
    assert small_plan.public_pages is False
    assert _get(reverse("public:index")).status_code == 404
    assert _get(reverse("public:plan", args=[small_plan.pk])).status_code == 404


def test_turned_off_pages_are_gone_for_everyone_with_their_figures(public):
    public.plan.public_pages = False
    public.plan.save()
    for url in (
        reverse("public:plan", args=[public.plan.pk]),
        _period(public),
        _period(public, "public:data_json"),
        _period(public, "public:data_csv"),
        reverse("public:report_file", args=[public.plan.pk, public.report.pk, "pdf"]),
    ):
        assert _get(url).status_code == 404, url


def test_anonymous_visitors_read_the_plan_its_units_and_the_published_periods(public):
    response = _get(reverse("public:plan", args=[public.plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    target = public.approved[0].target
    for text in (public.plan.name, target.title, target.responsible_unit.name):
        assert text in html
    assert public.approved[0].name in html
    assert _period(public) in html  # 2025-H1 is published
    assert _period(public, year=2025, half=2) not in html
    assert (
        _period(public, "public:data_csv") in html and _period(public, "public:data_json") in html
    )
    assert reverse("public:report_file", args=[public.plan.pk, public.report.pk, "pdf"]) in html
    index = _get(reverse("public:index"))
    assert index.status_code == 200 and reverse("public:plan", args=[public.plan.pk]) in (
        index.content.decode()
    )


def test_a_published_period_shows_its_approved_figures_and_forecast(public):
    response = _get(_period(public))
    assert response.status_code == 200
    html = response.content.decode()
    # #1 level A = 20, B = 40, C = 30 → %50; #3 flow 12 of 30 → %40, progress 12 / 15 → %80
    assert "%50,00" in html and "%40,00" in html and "%80,00" in html
    assert "tahmin" in html.lower()
    assert "<svg" in html  # the aims' chart
    doc = json.loads(_get(_period(public, "public:data_json")).content)
    pending = next(
        i
        for a in doc["aims"]
        for t in a["targets"]
        for i in t["indicators"]
        if (t["code"], i["order"]) == (public.pending[0].target.code, public.pending[0].order)
    )
    assert pending["value"] is None and pending["status"] == "veri_yok"  # only submitted


def test_an_unpublished_period_shows_no_figure(public):
    assert _get(_period(public, year=2025, half=2)).status_code == 404
    assert _get(_period(public, "public:data_json", 2025, 2)).status_code == 404
    assert _get(_period(public, "public:data_csv", 2025, 2)).status_code == 404
    # a report taken back takes its period's figures with it
    report_publish(report=public.report, user=public.strategy, published=False)
    assert _get(_period(public)).status_code == 404


def test_nothing_personal_appears_in_the_html_csv_or_json(public):
    contents = [
        _get(reverse("public:index")).content,
        _get(reverse("public:plan", args=[public.plan.pk])).content,
        _get(_period(public)).content,
        _get(_period(public, "public:data_csv")).content,
        _get(_period(public, "public:data_json")).content,
    ]
    for content in contents:
        text = content.decode("utf-8-sig")
        for personal in PERSONAL:
            assert personal not in text, personal


def test_a_public_figure_stays_as_published_until_the_next_publication(public):
    before_html = _get(_period(public)).content
    before_json = _get(_period(public, "public:data_json")).content
    Actual.objects.filter(indicator=public.approved[0]).update(value=38)
    assert _get(_period(public)).content == before_html
    assert _get(_period(public, "public:data_json")).content == before_json
    report_publish(report=finished_report(public.plan), user=public.strategy)
    after = _get(_period(public)).content.decode()
    assert "%90,00" in after  # (38 − 20) / (40 − 20)


def test_the_csv_is_utf8_with_turkish_headers_one_row_per_indicator(public):
    response = _get(_period(public, "public:data_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "karsplan-2025-H1.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS and "Gerçekleşme Oranı (%)" in rows[0]
    assert len(rows) - 1 == sum(t.indicators.count() for t in public.plan.targets.all())
    first = next(r for r in rows[1:] if r[9] == public.approved[0].code and r[8] == "1")
    assert first[0] == "2025-H1" and first[15] == "30.00" and first[16] == "50.00"


def test_a_published_report_is_downloaded_and_an_unpublished_one_is_not(public):
    pdf = _get(reverse("public:report_file", args=[public.plan.pk, public.report.pk, "pdf"]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    draft = finished_report(public.plan, 2025, 2)
    url = reverse("public:report_file", args=[public.plan.pk, draft.pk, "pdf"])
    assert _get(url).status_code == 404


def test_pages_are_cached_with_an_etag_and_last_modified(public):
    url = _period(public)
    first = _get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "max-age" in first["Cache-Control"]
    again = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = Client().get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    plan_url = reverse("public:plan", args=[public.plan.pk])
    etag = _get(plan_url)["ETag"]
    assert Client().get(plan_url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_public_pages_run_a_bounded_number_of_queries(public, django_assert_max_num_queries):
    for url in (
        reverse("public:index"),
        reverse("public:plan", args=[public.plan.pk]),
        _period(public),
        _period(public, "public:data_json"),
        _period(public, "public:data_csv"),
    ):
        with django_assert_max_num_queries(15):
            assert _get(url).status_code == 200


def test_the_pages_are_turkish_and_usable_on_a_phone(public):
    html = _get(_period(public)).content.decode()
    assert '<html lang="tr">' in html
    assert 'name="viewport"' in html
    assert "<main" in html and "<nav" in html and "<header" in html and "<footer" in html
    assert 'class="skip-link"' in html
    assert "yayımlandığı haliyle" in html and "Tahmin: yıl sonu" in html
    # at H1 a flow on plan shows about half: both figures are labelled, and the page says why
    assert "yıl sonu hedefine göre" in html and "beklenen ilerlemeye göre" in html
    assert 'data-testid="h1-note"' in html and "yaklaşık yarısını gösterir" in html


def test_the_strategy_office_turns_the_public_pages_on_and_off(client, small_plan, strategy_user):
    from tests.conftest import logged_in

    logged_in(strategy_user, client)
    url = reverse("public:manage")
    assert client.get(url).status_code == 200
    client.post(url, {"plan": small_plan.pk, "enabled": "1"})
    small_plan.refresh_from_db()
    assert small_plan.public_pages is True
    assert _get(reverse("public:plan", args=[small_plan.pk])).status_code == 200
    client.post(url, {"plan": small_plan.pk, "enabled": "0"})
    assert _get(reverse("public:plan", args=[small_plan.pk])).status_code == 404


def test_open_data_can_be_read_by_any_web_page_and_asked_for_with_head(public):
    url = _period(public, "public:data_json")
    response = _get(url)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert Client().head(url).status_code == 200
    assert "Access-Control-Allow-Origin" not in _get(_period(public))  # pages are not data


def test_a_target_projected_below_orta_is_flagged_at_risk_as_a_projection(public):
    doc = json.loads(_get(_period(public, "public:data_json")).content)
    targets = {t["code"]: t for a in doc["aims"] for t in a["targets"]}
    flagged = [
        code
        for code, t in targets.items()
        if any((t[h] or {}).get("at_risk") for h in ("forecast_year_end", "forecast_plan_end"))
    ]
    # the approved target: #1 a level half-way (%50), #3 a flow at 0.8 of its pace (%80)
    assert flagged == [public.approved[0].target.code]
    html = _get(_period(public)).content.decode()
    assert html.count('data-testid="at-risk"') == 1
    assert "risk altında (tahmin)" in html


def test_the_strategy_office_finds_the_public_pages_switch_from_the_reports_page(
    client, small_plan, strategy_user, council_user
):
    from tests.conftest import logged_in

    manage = reverse("public:manage")
    logged_in(strategy_user, client)
    reports = client.get(reverse("archive:list")).content.decode()
    assert f'href="{manage}"' in reports and "Kamuya açık sayfalar" in reports
    page = client.get(manage).content.decode()
    assert "Kamuya aç</button>" in page  # not the bare "Aç" of a period
    assert f'aria-label="{small_plan.name} – Kamuya aç"' in page  # one name per plan's button
    logged_in(council_user, client)
    assert f'href="{manage}"' not in client.get(reverse("archive:list")).content.decode()


def test_a_year_already_in_shows_its_figure_without_a_band(public):
    from indicators.models import SubmissionStatus
    from tests.reports.test_results import enter, set_status

    enter(public.approved[0], 2025, 2, "30")  # the level's year is in: %50, known
    set_status(public.approved[0].target, 2025, 2, SubmissionStatus.APPROVED)
    report_publish(report=finished_report(public.plan, 2025, 2), user=public.strategy)
    doc = json.loads(_get(_period(public, "public:data_json", 2025, 2)).content)
    level = next(
        i
        for a in doc["aims"]
        for t in a["targets"]
        for i in t["indicators"]
        if (t["code"], i["order"]) == (public.approved[0].target.code, 1)
    )
    assert level["forecast_year_end"]["low"] == level["forecast_year_end"]["high"] == "50.00"
    html = _get(_period(public, year=2025, half=2)).content.decode()
    assert "(%50–%50)" not in html
    plan_end = level["forecast_plan_end"]
    assert plan_end["low"] != plan_end["high"]  # the plan's end is still a projection
    low, high = (round(float(plan_end[k])) for k in ("low", "high"))
    assert f"(%{low}–%{high})" in html, plan_end


def test_the_csv_never_holds_a_live_formula_and_keeps_negative_figures_numbers(public):
    target = public.approved[0].target
    target.title = '=HYPERLINK("http://example.com","Hedef")'
    target.save()
    Actual.objects.filter(indicator=public.approved[0]).update(value=10)  # below A = 20
    report_publish(report=finished_report(public.plan), user=public.strategy)
    response = _get(_period(public, "public:data_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    first = next(r for r in rows[1:] if r[9] == public.approved[0].code and r[8] == "1")
    assert first[4] == "'" + target.title  # neutralised text (karsplan.lib.cells)
    assert first[15] == "10.00" and first[16] == "-50.00"  # (10 − 20) / (40 − 20): a number
