"""Plain labels for each role (issue 15 item 10): no double-meaning "Aç", parser notes and
job internals for the strategy office only, no export promised that a user cannot get."""

import pytest
from django.urls import reverse

from tests.conftest import logged_in

pytestmark = pytest.mark.django_db

NOTE = "Satır 7585: hedef tutarı basılı planda okunamadı."


def test_parser_notes_show_to_the_strategy_office_only(target, strategy_user, council_user):
    target.source_notes = [NOTE]
    target.save()
    url = reverse("goals:target", args=[target.pk])
    strategy_html = logged_in(strategy_user).get(url).content.decode()
    council_html = logged_in(council_user).get(url).content.decode()
    assert NOTE in strategy_html
    assert NOTE not in council_html and "Basılı plana ilişkin" not in council_html


def test_periods_page_says_what_open_does(period, strategy_user):
    html = logged_in(strategy_user).get(reverse("indicators:periods")).content.decode()
    assert "Tüm birimlere aç…</a>" in html
    assert ">Aç</button>" not in html and ">Aç</a>" not in html


def test_staff_are_not_promised_the_results_export(plan, staff_user, strategy_user):
    url = reverse("spreadsheets:index")
    staff_html = logged_in(staff_user).get(url).content.decode()
    assert "Dışa aktarma: plan yapısı" in staff_html
    assert "sonuçlar" not in staff_html.lower().split("dışa aktarma")[-1][:80]
    strategy_html = logged_in(strategy_user).get(url).content.decode()
    assert "Dışa aktarma: plan yapısı" not in strategy_html


def test_council_members_see_no_job_internals_on_a_report(
    plan, strategy_user, council_user, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from reports.models import Report, ReportStatus

    settings.MEDIA_ROOT = str(tmp_path)
    report = Report(
        plan=plan,
        kind="izleme",
        year=2025,
        half=1,
        status=ReportStatus.DONE,
        published=True,
        checksum="ab" * 32,
        requested_by=strategy_user,
    )
    report.pdf.save("izleme.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    report.xlsx.save("izleme.xlsx", ContentFile(b"PK"), save=False)
    report.save()
    url = reverse("archive:detail", args=[report.pk])
    council_html = logged_in(council_user).get(url).content.decode()
    assert "Rapor bilgileri" in council_html and "PDF indir" in council_html
    for internal in ("<h2>İş</h2>", "Veri özeti", "abab", "İsteyen", "Yeniden oluştur"):
        assert internal not in council_html, internal
    strategy_html = logged_in(strategy_user).get(url).content.decode()
    assert "<h2>İş</h2>" in strategy_html and "Veri özeti" in strategy_html
