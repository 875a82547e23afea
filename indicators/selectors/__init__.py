"""Reads of indicators, entries, submissions and their history.

Modules: `common`, `entry`, `submissions`, `history`, `indicator_page`, `home`; this package
re-exports their public names.

Each function loads a whole page's data in a fixed number of queries, whatever the number of
indicators (pinned by tests with `django_assert_max_num_queries`).
"""

from __future__ import annotations

from indicators.computation_settings import computation_settings
from indicators.models import Indicator
from indicators.selectors.common import (
    indicator_detail,
    user_label,
)
from indicators.selectors.entry import (
    EXPENDITURE,
    EntryData,
    EntryState,
    StoredAmount,
    entry_data,
    entry_state,
    expenditures_load,
)
from indicators.selectors.history import (
    ACTUAL_FIELDS,
    REVIEW_FIELDS,
    HistoryItem,
    ValueChange,
    history_for_indicator,
    history_for_submission,
    history_items,
    value_history,
    with_previous,
)
from indicators.selectors.home import (
    HomePanels,
    UnitPeriod,
    home_panels,
    unit_periods,
)
from indicators.selectors.indicator_page import (
    YearRow,
    indicator_years,
)
from indicators.selectors.submissions import (
    NOT_STARTED,
    ReviewRow,
    SubmissionPage,
    SubmissionRow,
    Thread,
    period_units_affected,
    submission_counts,
    submission_page,
    submission_rows,
)

__all__ = [
    "ACTUAL_FIELDS",
    "EXPENDITURE",
    "EntryData",
    "EntryState",
    "HistoryItem",
    "HomePanels",
    "Indicator",
    "NOT_STARTED",
    "REVIEW_FIELDS",
    "ReviewRow",
    "SubmissionPage",
    "Thread",
    "StoredAmount",
    "SubmissionRow",
    "UnitPeriod",
    "ValueChange",
    "YearRow",
    "computation_settings",
    "entry_data",
    "entry_state",
    "expenditures_load",
    "history_for_indicator",
    "history_for_submission",
    "history_items",
    "home_panels",
    "indicator_detail",
    "indicator_years",
    "period_units_affected",
    "submission_counts",
    "submission_page",
    "submission_rows",
    "unit_periods",
    "user_label",
    "value_history",
    "with_previous",
]
