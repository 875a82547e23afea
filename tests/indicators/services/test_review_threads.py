"""The conversation on a returned submission: who answers, who resolves, what is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from indicators import services
from indicators.models import ReviewComment
from tests.indicators.entry_support import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(h1_window, staff_user, strategy_user, unit, period, indicators) -> ReviewComment:
    sub = submit(staff_user, unit, period, indicators)
    services.submission_return(
        user=strategy_user, submission=sub, reason="Eksik", comments={indicators[0].pk: "Kanıt?"}
    )
    return ReviewComment.objects.get()


def test_the_unit_and_the_reviewer_answer_in_the_thread(thread, staff_user, strategy_user):
    first = services.review_thread_reply(user=staff_user, thread=thread, text=" Ekledik. ")
    second = services.review_thread_reply(user=strategy_user, thread=first, text="Teşekkürler")
    assert [r.text for r in thread.replies.order_by("pk")] == ["Ekledik.", "Teşekkürler"]
    assert second.parent == thread  # an answer to an answer joins the thread (one level)
    assert first.indicator_id == thread.indicator_id and first.submission_id == thread.submission_id


def test_another_unit_and_council_members_cannot_answer(thread, other_staff_user, council_user):
    for user in (other_staff_user, council_user):
        with pytest.raises(PermissionDenied):
            services.review_thread_reply(user=user, thread=thread, text="x")
    assert not thread.replies.exists()


def test_an_empty_answer_is_refused(thread, staff_user):
    with pytest.raises(ValidationError):
        services.review_thread_reply(user=staff_user, thread=thread, text="  ")


def test_only_the_strategy_office_resolves_and_a_resolved_thread_takes_no_answer(
    thread, staff_user, strategy_user
):
    with pytest.raises(PermissionDenied):
        services.review_thread_resolve(user=staff_user, thread=thread)
    services.review_thread_resolve(user=strategy_user, thread=thread)
    thread.refresh_from_db()
    assert thread.resolved_at is not None and thread.resolved_by == strategy_user
    with pytest.raises(services.WorkflowError):
        services.review_thread_resolve(user=strategy_user, thread=thread)
    with pytest.raises(services.WorkflowError):
        services.review_thread_reply(user=staff_user, thread=thread, text="Bir şey daha")
