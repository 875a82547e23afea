"""The review page (a unit's submission): what a reviewer needs beside each value, its size,
approval confirmed, and the conversation in threads."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse

from goals.permissions import STAFF_GROUP
from indicators import services
from indicators.entry_rules import EntryRow
from indicators.models import Actual, Indicator, Period, ReviewComment, SubmissionStatus
from plans.loading import plan_load
from tests.conftest import make_user
from tests.indicators.entry_support import IN_H1_WINDOW, IN_H2_WINDOW, logged_in, submit
from tests.plan_documents import synthetic_document

pytestmark = pytest.mark.django_db


def _one_unit_plan(aims: int, targets_per_aim: int, indicators_per_target: int, name: str):
    """A synthetic plan whose targets all belong to one unit (the unit's page grows with it)."""
    doc = synthetic_document(aims, targets_per_aim, indicators_per_target, name=name)
    doc["units"] = [f"{u} ({name})" for u in doc["units"]]
    for aim in doc["aims"]:
        for target in aim["targets"]:
            target["responsible_unit"] = doc["units"][0]
            target["cooperating_units"] = []
    return plan_load(document=doc).plan


def _page(client, submission) -> str:
    response = client.get(reverse("indicators:submission", args=[submission.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_submission_page_runs_the_same_queries_at_1x_and_20x_and_has_a_contents(
    strategy_user, django_assert_max_num_queries
):
    """16 indicators, then 320 (20×), each with threads and answers: the same count (at most
    15) for the strategy office and for the unit's staff, and a contents listing every
    target."""
    counts: dict[str, list[int]] = {"strategy": [], "staff": []}
    for size, name in (((2, 2, 4), "1x"), ((8, 10, 4), "20x")):
        plan = _one_unit_plan(*size, name=name)
        unit = plan.targets.first().responsible_unit
        staff = make_user(f"birim{name}", STAFF_GROUP, unit=unit)
        period = Period.objects.get(plan=plan, year=2025, half=1)
        inds = list(Indicator.objects.filter(target__plan=plan))
        with time_machine.travel(IN_H1_WINDOW, tick=False):
            rows = [EntryRow(indicator_id=i.pk, value="100", confirmed=True) for i in inds]
            result = services.entries_save(
                user=staff, unit=unit, period=period, submit=True, rows=rows
            )
            assert result.saved
            sub = services.submission_return(
                user=strategy_user,
                submission=result.submission,
                reason="Kontrol",
                comments={i.pk: f"Yorum {i.code}" for i in inds[::3]},
            )
            for thread in ReviewComment.objects.filter(submission=sub):
                services.review_thread_reply(user=staff, thread=thread, text="Düzelttik.")
            services.submission_submit(user=staff, unit=unit, period=period)
            sub.refresh_from_db()
            for role, who in (("strategy", strategy_user), ("staff", staff)):
                client = logged_in(who)
                _page(client, sub)  # the session's first request
                with django_assert_max_num_queries(15) as ctx:
                    html = _page(client, sub)
                counts[role].append(len(ctx.captured_queries))
                toc = html.split('data-testid="review-toc"')[1].split("</nav>")[0]
                assert toc.count('href="#target-') == plan.targets.count()
                assert html.count('data-testid="reply"') == len(inds[::3])
    assert counts["strategy"][0] == counts["strategy"][1]
    assert counts["staff"][0] == counts["staff"][1]


def test_the_review_page_lists_every_no_data_declaration_with_its_reason(
    h1_window, staff_user, strategy_user, unit, period, indicators
):
    sub = submit(staff_user, unit, period, indicators)
    Actual.objects.filter(indicator=indicators[1], period=period).update(
        value=None, no_data=True, explanation="TÜİK verisi henüz yayımlanmadı."
    )
    html = _page(logged_in(strategy_user), sub)
    box = html.split('data-testid="no-data"')[1].split("</section>")[0]
    assert "“Veri yok” beyanları (1)" in box
    assert indicators[1].code in box and "TÜİK verisi henüz yayımlanmadı." in box
    assert indicators[0].name not in box
    row = html.split(f'id="indicator-{indicators[1].pk}"')[1].split("</tr>")[0]
    assert "Veri yok" in row and "“Veri yok” gerekçesi" in row


def test_at_h1_a_flow_shows_both_figures_labelled_and_its_status_comes_from_progress(
    h1_window, staff_user, strategy_user, unit, period, indicators
):
    """#3 is a flow with B2025 = 30: 15 at H1 is %50 of the year-end target and %100 of the
    expected progress (B/2): status "Hedefe ulaşıldı", not "Çok düşük"."""
    sub = submit(staff_user, unit, period, indicators, values=("40", "39", "15"))
    html = _page(logged_in(strategy_user), sub)
    row = html.split(f'id="indicator-{indicators[2].pk}"')[1]
    cell = row.split('data-testid="realization">')[1].split("</td>")[0]
    assert "yıl sonu hedefine göre %50,0" in cell
    assert "beklenen ilerlemeye göre %100,0" in cell
    assert "Hedefe ulaşıldı" in cell and "Çok düşük" not in cell
    level = html.split(f'id="indicator-{indicators[0].pk}"')[1].split("</tr>")[0]
    # A level (A = 20, B = 40, C = 40): the same figure both ways, still both labelled.
    assert "yıl sonu hedefine göre %100,0" in level
    assert "beklenen ilerlemeye göre %100,0" in level


def test_each_value_shows_the_earlier_periods_beside_it(
    staff_user, strategy_user, unit, period, h2, indicators
):
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        first = submit(staff_user, unit, period, indicators, values=("38", "37", "12"))
        services.submission_approve(user=strategy_user, submission=first)
    with time_machine.travel(IN_H2_WINDOW, tick=False):
        sub = submit(staff_user, unit, h2, indicators, values=("40", "39", "18"))
        html = _page(logged_in(strategy_user), sub)
    row = html.split(f'id="indicator-{indicators[0].pk}"')[1].split("</tr>")[0]
    earlier = row.split('data-testid="earlier">')[1].split("</td>")[0]
    assert "2025-H1:</span> 38" in earlier
    assert "yıl sonu hedefine göre" not in row  # at H2 the two figures are one


def test_the_comment_boxes_come_before_the_decision_and_have_unique_names(
    h1_window, staff_user, strategy_user, unit, period, indicators
):
    sub = submit(staff_user, unit, period, indicators)
    html = _page(logged_in(strategy_user), sub)
    boxes = re.findall(r'<textarea name="comment-\d+"[^>]*aria-label="([^"]+)"', html)
    assert len(boxes) == 3 and len(set(boxes)) == 3
    assert all(b.endswith("– Birime yorum") for b in boxes)
    assert html.rindex('name="comment-') < html.index('data-testid="review-actions"')
    assert html.index('data-testid="review-actions"') < html.index('id="return-form"')


def test_approval_asks_for_confirmation_saying_what_it_freezes(
    h1_window, staff_user, strategy_user, unit, period, indicators
):
    sub = submit(staff_user, unit, period, indicators)
    Actual.objects.filter(indicator=indicators[1], period=period).update(
        value=None, no_data=True, explanation="Ölçülemedi."
    )
    client = logged_in(strategy_user)
    url = reverse("indicators:submission_approve", args=[sub.pk])
    html = client.get(url).content.decode()
    assert "Veriler onaylansın mı?" in html and "(1 birim)" in html
    assert "2 değer dondurulacak." in html and "1 “veri yok” beyanı" in html
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED  # asking changes nothing
    html = client.post(url, follow=True).content.decode()
    assert "Onaylandı: " in html and "verileri donduruldu" in html
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.APPROVED
    response = client.get(url, follow=True)  # nothing left to approve
    assert "Yalnızca gönderilmiş veriler onaylanabilir" in response.content.decode()


def test_a_thread_is_answered_by_the_unit_resolved_by_the_reviewer_and_folds_after_resubmission(
    h1_window, staff_user, strategy_user, other_staff_user, unit, period, indicators
):
    sub = submit(staff_user, unit, period, indicators)
    reviewer, staff = logged_in(strategy_user), logged_in(staff_user)
    reviewer.post(
        reverse("indicators:submission_return", args=[sub.pk]),
        {"reason": "Eksik", f"comment-{indicators[2].pk}": "Fatura ekleyin."},
    )
    thread = ReviewComment.objects.get()
    reply = reverse("indicators:thread_reply", args=[sub.pk, thread.pk])
    resolve = reverse("indicators:thread_resolve", args=[sub.pk, thread.pk])
    assert logged_in(other_staff_user).post(reply, {"text": "x"}).status_code == 404
    assert staff.post(resolve).status_code == 403
    html = staff.post(reply, {"text": "Fatura eklendi."}, follow=True).content.decode()
    assert "Yanıtınız yorum dizisine eklendi." in html and "Fatura eklendi." in html
    summary = html.split('data-testid="open-threads"')[1].split("</section>")[0]
    assert "Açık yorum dizileri (1)" in summary and "Fatura ekleyin. " in summary
    assert "(1 yanıt)" in summary
    html = staff.post(reply, {"text": "  "}, follow=True).content.decode()
    assert "Yanıtınızı yazın." in html
    html = reviewer.post(resolve, follow=True).content.decode()
    assert "çözüldü olarak işaretlendi" in html
    box = html.split(f'id="thread-{thread.pk}"')[1].split("</td>")[0]
    assert "Çözüldü" in box and "<details" not in html.split(f'id="thread-{thread.pk}"')[0][-80:]
    html = staff.post(reply, {"text": "Bir şey daha"}, follow=True).content.decode()
    assert "yeni yanıt alınmıyor" in html
    h1_window.shift(3600)
    services.submission_submit(user=staff_user, unit=unit, period=period)
    html = _page(reviewer, sub)
    assert 'data-testid="open-threads"' not in html
    assert f'<details class="thread resolved" id="thread-{thread.pk}"' in html
    assert "Çözülmüş yorum dizisi" in html
    assert thread.replies.count() == 1


def test_on_the_kars_plan_every_comment_box_has_its_own_name(
    kars_plan, strategy_user, django_assert_max_num_queries
):
    """H5.3 prints "P.G. 5.3.2 Okullarda Yapılan Tatbikat sayısı" twice: the second box is
    told apart by a number, so a screen reader user knows which box they are in."""
    from goals.models import Target
    from indicators.models import Submission

    unit = Target.objects.get(plan=kars_plan, code="H5.3").responsible_unit
    period = Period.objects.get(plan=kars_plan, year=2025, half=2)
    sub = Submission.objects.create(unit=unit, period=period, status=SubmissionStatus.SUBMITTED)
    client = logged_in(strategy_user)
    _page(client, sub)
    with django_assert_max_num_queries(15):
        html = _page(client, sub)
    boxes = re.findall(r'<textarea name="comment-\d+"[^>]*aria-label="([^"]+)"', html)
    assert len(boxes) > 5 and len(boxes) == len(set(boxes))
    assert "H5.3 · P.G. 5.3.2 Okullarda Yapılan Tatbikat sayısı (2) – Birime yorum" in boxes
