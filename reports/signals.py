"""What the report archive announces (see `indicators/signals.py` for the convention)."""

from django.dispatch import Signal

report_published = Signal()  # report, user
