"""The report archive pages: who sees, generates, publishes and downloads what."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from goals.models import Plan
from reports import services
from reports.models import Report, ReportKind, ReportStatus
from tests.conftest import make_council_user, make_staff_user, make_strategy_user
from tests.module_db import module_transaction
from tests.plan_documents import load_small_plan
from tests.reports.report_data import eager_fixture, fill_period, pdf_pages  # noqa: F401

pytestmark = pytest.mark.django_db

LIST = reverse("archive:list")
GENERATE = reverse("archive:generate")


@pytest.fixture(scope="module")
def archive_pks(django_db_setup, django_db_blocker, tmp_path_factory):
    """What the tests of this module share, built once (rendering the report is what costs)
    in a transaction rolled back when the module ends (tests/module_db.py): the filled small
    plan, the personas, and the finished annual 2025 report with its files in a media
    directory of the module. Returns primary keys (and that directory)."""
    media = tmp_path_factory.mktemp("archive-media")
    with (
        override_settings(MEDIA_ROOT=str(media)),
        module_transaction(django_db_blocker),
    ):
        # as the fixtures of tests/conftest.py and tests/reports/report_data.py make them
        plan = load_small_plan()
        fill_period(plan, 2025, 1)
        fill_period(plan, 2025, 2)
        target = plan.targets.order_by("order").first()
        users = {
            "strategy_user": make_strategy_user(),
            "council_user": make_council_user(),
            "staff_user": make_staff_user(target.responsible_unit),
        }
        report, _ = services.report_request(
            plan=plan,
            kind=ReportKind.EVALUATION,
            year=2025,
            half=2,
            user=users["strategy_user"],
        )
        done = services.report_render(report_id=report.pk)
        yield {
            "plan": plan.pk,
            "users": {name: user.pk for name, user in users.items()},
            "done": done.pk,
            "media": media,
        }


@pytest.fixture(autouse=True)
def _shared_data(request, archive_pks, db):
    """Each test in a savepoint of the module's data. The finished report is there only for
    the tests that ask for `done`: the others start with no report, as they did when each
    test built its own data."""
    if "done" not in request.fixturenames:
        Report.objects.filter(pk=archive_pks["done"]).delete()


@pytest.fixture
def media(request, settings, tmp_path, archive_pks) -> str:
    """Report files go to a temporary MEDIA_ROOT of the test's own (what a test writes leaves
    the next one untouched), holding a copy of the files of `done` for the tests that ask for
    it."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    if "done" in request.fixturenames:
        shutil.copytree(Path(archive_pks["media"]), settings.MEDIA_ROOT)
    return settings.MEDIA_ROOT


@pytest.fixture
def filled_plan(archive_pks, db) -> Plan:
    """The small synthetic plan with 2025-H1 and 2025-H2 filled."""
    return Plan.objects.get(pk=archive_pks["plan"])


def _user(archive_pks, name: str):
    return get_user_model().objects.get(pk=archive_pks["users"][name])


@pytest.fixture
def strategy_user(archive_pks, db):
    return _user(archive_pks, "strategy_user")


@pytest.fixture
def council_user(archive_pks, db):
    return _user(archive_pks, "council_user")


@pytest.fixture
def staff_user(archive_pks, db):
    return _user(archive_pks, "staff_user")


@pytest.fixture
def done(archive_pks, db, media) -> Report:
    """A finished annual 2025 report, not published (read afresh for each test)."""
    return Report.objects.get(pk=archive_pks["done"])


@pytest.fixture
def published(done: Report, strategy_user) -> Report:
    return services.report_publish(report=done, user=strategy_user, confirm_unapproved=True)


def test_the_strategy_office_generates_a_report_from_the_page(
    client, strategy_user, filled_plan, media, eager, django_capture_on_commit_callbacks
):
    client.force_login(strategy_user)
    page = client.get(LIST)
    assert page.status_code == 200
    assert "Rapor oluştur" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            GENERATE, {"plan": filled_plan.pk, "kind": "izleme", "year": 2025, "period": 1}
        )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(
        f"?plan={filled_plan.pk}&kind=izleme&year=2025&period=1#report-{report.pk}"
    )
    assert report.status == ReportStatus.DONE, report.error
    assert (report.kind, report.year, report.half) == ("izleme", 2025, 1)
    html = client.get(response["Location"]).content.decode()
    assert "rapor hazırlanıyor" in html  # the message
    assert "Stratejik Plan İzleme Raporu" in html
    assert reverse("archive:pdf", args=[report.pk]) in html
    # The form keeps the choices it was sent with (issue 15).
    assert '<option value="izleme" selected>' in html
    assert '<option value="2025" selected>' in html and '<option value="1" selected>' in html


def test_asking_again_shows_the_archived_report(client, strategy_user, done: Report):
    client.force_login(strategy_user)
    response = client.post(
        GENERATE, {"plan": done.plan_id, "kind": "degerlendirme", "year": 2025}, follow=True
    )
    assert Report.objects.count() == 1
    assert "veriler değişmedi: arşivdeki rapor gösteriliyor" in response.content.decode()


def test_an_invalid_request_names_the_field(client, strategy_user, filled_plan):
    client.force_login(strategy_user)
    response = client.post(GENERATE, {"plan": filled_plan.pk, "kind": "izleme", "year": 2031})
    assert response.status_code == 400
    assert "Geçerli bir seçenek seçin. 2031" in response.content.decode()
    response = client.post(GENERATE, {"plan": filled_plan.pk, "kind": "izleme", "year": 2025})
    assert "İzleme raporunun dönemini (H1 ya da H2) seçin." in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize("persona", ["council_user", "staff_user"])
def test_only_the_strategy_office_generates_or_publishes(
    client, request, persona, filled_plan, done: Report
):
    client.force_login(request.getfixturevalue(persona))
    post = {"plan": filled_plan.pk, "kind": "izleme", "year": 2025, "period": 1}
    assert client.post(GENERATE, post).status_code == 403
    assert client.post(reverse("archive:publish", args=[done.pk])).status_code == 403
    assert client.post(reverse("archive:unpublish", args=[done.pk])).status_code == 403
    assert Report.objects.count() == 1


def test_unit_staff_get_403_everywhere(client, staff_user, done: Report):
    client.force_login(staff_user)
    for url in (
        LIST,
        reverse("archive:status") + f"?ids={done.pk}",
        reverse("archive:detail", args=[done.pk]),
        reverse("archive:pdf", args=[done.pk]),
        reverse("archive:xlsx", args=[done.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert "Raporlar" not in client.get(reverse("home")).content.decode()


def test_anonymous_users_are_sent_to_the_login_page(client, done: Report):
    for url in (LIST, reverse("archive:pdf", args=[done.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_council_members_see_and_download_only_published_reports(
    client, council_user, done: Report, strategy_user
):
    client.force_login(council_user)
    assert "Raporlar" in client.get(reverse("home")).content.decode()  # the nav link
    html = client.get(LIST).content.decode()
    assert "Henüz yayımlanmış rapor yok." in html
    assert "Rapor oluştur" not in html
    for name in ("detail", "pdf", "xlsx"):
        assert client.get(reverse(f"archive:{name}", args=[done.pk])).status_code == 404
    services.report_publish(report=done, user=strategy_user, confirm_unapproved=True)
    html = client.get(LIST).content.decode()
    assert "Stratejik Plan İzleme ve Değerlendirme Raporu" in html
    response = client.get(reverse("archive:pdf", args=[done.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="degerlendirme-2025.pdf"'
    assert "Sayfa 2 /" in pdf_pages(b"".join(response.streaming_content))[1]
    response = client.get(reverse("archive:xlsx", args=[done.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    detail = client.get(reverse("archive:detail", args=[done.pk])).content.decode()
    assert "Yayımdan kaldır" not in detail and "İsteyen" not in detail


def test_the_preview_opens_the_pdf_inline(client, strategy_user, done: Report):
    client.force_login(strategy_user)
    response = client.get(reverse("archive:pdf", args=[done.pk]) + "?inline=1")
    assert response["Content-Disposition"] == 'inline; filename="degerlendirme-2025.pdf"'
    assert response["Cache-Control"] == "private, no-store"


def test_files_of_an_unfinished_report_are_a_404(client, strategy_user, filled_plan, media):
    report, _ = services.report_request(
        plan=filled_plan, kind="izleme", year=2025, half=1, user=strategy_user
    )
    client.force_login(strategy_user)
    assert client.get(reverse("archive:pdf", args=[report.pk])).status_code == 404
    html = client.get(reverse("archive:detail", args=[report.pk])).content.decode()
    assert "bu sayfa kendiliğinden güncellenir" in html
    assert "js/report-progress.js" in html


def test_publishing_and_unpublishing_from_the_detail_page(client, strategy_user, done: Report):
    client.force_login(strategy_user)
    publish = reverse("archive:publish", args=[done.pk])
    assert client.get(publish).status_code == 405
    assert done.unapproved_figures > 0  # the filled plan has submissions awaiting approval
    response = client.post(publish, follow=True)
    assert f"Bu rapordaki {done.unapproved_figures} oran henüz onaylanmamış" in (
        response.content.decode()
    )
    assert not Report.objects.get(pk=done.pk).published  # not without the confirmation
    response = client.post(publish, {"confirm_unapproved": "1"}, follow=True)
    assert "yayımlandı: meclis üyeleri indirebilir" in response.content.decode()
    assert Report.objects.get(pk=done.pk).published
    response = client.post(reverse("archive:unpublish", args=[done.pk]), follow=True)
    assert "artık yayımda değil" in response.content.decode()
    assert not Report.objects.get(pk=done.pk).published


def test_publishing_a_failed_report_shows_an_error(client, strategy_user, filled_plan, media):
    report = Report.objects.create(
        plan=filled_plan, kind="izleme", year=2025, half=1, status=ReportStatus.FAILED
    )
    client.force_login(strategy_user)
    response = client.post(reverse("archive:publish", args=[report.pk]), follow=True)
    assert "Yalnızca tamamlanmış bir rapor yayımlanabilir." in response.content.decode()


def test_the_status_endpoint_reports_progress(client, strategy_user, council_user, filled_plan):
    running = Report.objects.create(
        plan=filled_plan,
        kind="izleme",
        year=2025,
        half=1,
        status=ReportStatus.RUNNING,
        progress=40,
        started_at=timezone.now(),
    )
    client.force_login(strategy_user)
    data = client.get(reverse("archive:status") + f"?ids={running.pk},x,999").json()
    assert data == {
        "reports": [
            {
                "id": running.pk,
                "status": "running",
                "status_label": "Hazırlanıyor",
                "progress": 40,
                "active": True,
                "error": "",
            }
        ]
    }
    client.force_login(council_user)  # an unpublished report does not exist for them
    assert client.get(reverse("archive:status") + f"?ids={running.pk}").json() == {"reports": []}


def test_the_list_page_marks_stale_running_jobs_failed(client, strategy_user, filled_plan):
    stale = Report.objects.create(
        plan=filled_plan,
        kind="izleme",
        year=2025,
        half=1,
        status=ReportStatus.RUNNING,
        started_at=timezone.now() - dt.timedelta(hours=3),
    )
    client.force_login(strategy_user)
    html = client.get(LIST).content.decode()
    assert "1 rapor işi tamamlanmadan durduğu için başarısız olarak işaretlendi." in html
    assert Report.objects.get(pk=stale.pk).status == ReportStatus.FAILED


def test_the_list_page_runs_a_fixed_number_of_queries(
    client, strategy_user, filled_plan, django_assert_max_num_queries
):
    def add(n: int) -> None:
        for _ in range(n):
            Report.objects.create(
                plan=filled_plan,
                kind="izleme",
                year=2025,
                half=1,
                status=ReportStatus.FAILED,
                requested_by=strategy_user,
                error="x",
            )

    client.force_login(strategy_user)
    add(2)
    with django_assert_max_num_queries(12) as few:
        assert client.get(LIST).status_code == 200
    add(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LIST).status_code == 200


def test_wrong_methods_are_refused(client, strategy_user, done: Report):
    client.force_login(strategy_user)
    assert client.get(GENERATE).status_code == 405
    assert client.post(LIST).status_code == 405
    assert client.post(reverse("archive:pdf", args=[done.pk])).status_code == 405


def test_the_word_file_is_archived_and_downloaded_like_the_others(
    client, strategy_user, council_user, done: Report
):
    from docx import Document

    assert done.docx.name.endswith("degerlendirme-2025.docx")
    client.force_login(strategy_user)
    page = client.get(done.get_absolute_url()).content.decode()
    assert reverse("archive:docx", args=[done.pk]) in page and "Word indir" in page
    response = client.get(reverse("archive:docx", args=[done.pk]))
    assert response.status_code == 200
    assert 'filename="degerlendirme-2025.docx"' in response["Content-Disposition"]
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    assert any(p.text == "Yönetici Özeti" for p in document.paragraphs)
    client.force_login(council_user)
    assert client.get(reverse("archive:docx", args=[done.pk])).status_code == 404
    services.report_publish(report=done, user=strategy_user, confirm_unapproved=True)
    assert client.get(reverse("archive:docx", args=[done.pk])).status_code == 200


def test_the_assessment_and_the_council_decision_are_kept_with_their_history(
    client, strategy_user, done: Report, django_assert_max_num_queries
):
    from reports.models import ReportFrontMatter
    from reports.rendering import report_data
    from reports.rendering.pdf import render_html

    client.force_login(strategy_user)
    url = reverse("archive:front_matter", args=[done.pk])
    client.post(url, {"assessment": "İlk taslak."})
    response = client.post(
        url,
        {
            "assessment": "Hedeflerin çoğu yolunda; H1.1 için ek ödenek gerekiyor.",
            "council_decision_date": "2026-02-10",
            "council_decision_number": "2026/14",
        },
        follow=True,
    )
    assert "Kaydedildi" in response.content.decode()
    front = ReportFrontMatter.objects.get()
    assert (front.kind, front.year, front.half) == (done.kind, done.year, done.half)
    assert front.history.count() == 3  # created, the draft, the final text
    with django_assert_max_num_queries(15):
        page = client.get(done.get_absolute_url()).content.decode()
    assert "İlk taslak." in page  # an earlier version
    assert "yeniden oluşturun" in page  # the file predates the text
    html = render_html(report_data(done.plan, done.kind, done.year, done.half))
    assert "H1.1 için ek ödenek gerekiyor." in html
    assert "10.02.2026 · 2026/14" in html
    bad = client.post(url, {"council_decision_date": "yarın"})
    assert bad.status_code == 400
