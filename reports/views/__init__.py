"""The dashboards' views, one module per group of pages (URL names in `reports.urls`):

dashboards  the plan overview, aim, target and indicator pages
follow_up   units (entry and review progress) and problems
base        the selection, the page context and chart helpers they share
"""

from reports.problems import problems_of
from reports.views.dashboards import aim, dashboard, indicator, overview, target
from reports.views.follow_up import PROBLEMS_PER_PAGE, problems, units

__all__ = [
    "PROBLEMS_PER_PAGE",
    "aim",
    "dashboard",
    "indicator",
    "overview",
    "problems",
    "problems_of",
    "target",
    "units",
]
