"""Data built once for a test module, rolled back when the module ends.

`module_transaction` opens a transaction for a module-scoped fixture; each test of the module
then runs in a savepoint of it (pytest-django's `db`), so what a test writes is rolled back
before the next one, as if every test had built the data itself. Fixtures built this way
should hand out primary keys, and the tests read their objects afresh, so that a test that
changes an object in memory leaves the next one untouched. Not for modules with
`django_db(transaction=True)` tests (they flush the database). Users made inside get the
tests' fast password hasher, as everywhere else (tests/conftest.py `fast_passwords`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.test import override_settings

from tests.conftest import FAST_HASHERS


@contextmanager
def module_transaction(django_db_blocker) -> Iterator[None]:
    """Database access for a module-scoped fixture, in a transaction rolled back at its end."""
    outer = transaction.atomic()
    outer._from_testcase = True  # as the test case's own atomic blocks are
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS), django_db_blocker.unblock(), outer:
        yield
        transaction.set_rollback(True)
