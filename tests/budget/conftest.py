"""The budget tests share the entry fixtures (periods, windows, cheap passwords)."""

from tests.indicators.conftest import (  # noqa: F401 - fixtures
    fast_passwords,
    h1_window,
    indicators,
    period,
    unit,
)
