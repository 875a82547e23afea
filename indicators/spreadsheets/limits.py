"""What an upload may hold. The readers look these up on the module (`limits.MAX_ROWS`) so
that a test can lower them."""

MAX_BYTES = 5 * 1024 * 1024
"""Uploads above 5 MB are refused."""
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024
"""An .xlsx is a zip: refuse one that would inflate beyond this (a zip bomb)."""
MAX_ROWS = 20000
MAX_COLUMNS = 200
"""Cells right of this column are not read."""
HEADER_SCAN_ROWS = 30
"""The header is looked for in this many non-blank rows at the top of a sheet."""
TEXT_MAX = 32767
"""The longest text an Excel cell holds; a longer CSV cell is refused (an unclosed quote)."""
VALUE_PLACES = 4
"""Actual.value keeps four decimals."""
