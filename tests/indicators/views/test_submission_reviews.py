"""The submission page shows the unit's target reviews of that period (loaded with the targets)."""

import pytest
from django.urls import reverse

from indicators.models import Submission, TargetReview
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


def test_the_submission_page_shows_the_target_review_of_its_period(
    strategy_user, unit, period, target, indicators
):
    other = period.plan.periods.exclude(pk=period.pk).first()
    # bulk_create writes no history records, so the texts can only come from the review section
    TargetReview.objects.bulk_create(
        [
            TargetReview(target=target, period=period, activities_done="Saha çalışması yapıldı"),
            TargetReview(target=target, period=other, activities_done="Başka dönemin metni"),
        ]
    )
    sub = Submission.objects.create(unit=unit, period=period)
    html = logged_in(strategy_user).get(reverse("indicators:submission", args=[sub.pk])).content
    assert "Saha çalışması yapıldı" in html.decode()
    assert "Başka dönemin metni" not in html.decode()
