"""Imports flow one way (DESIGN.md §8), and ``apps.get_model`` is no way around it.

import-linter (``.importlinter``) checks the import statements; it cannot see a model fetched
by its label at run time. This test reads the source of the lower apps and fails when one of
them asks the app registry for a model of an app it may not import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The project's apps each lower app may reach; Django's own apps (auth, contenttypes …) are free.
ALLOWED = {
    "goals": {"goals"},
    "indicators": {"indicators", "goals"},
    "budget": {"budget", "goals"},
    "accounts": {"accounts", "goals"},
}
PROJECT_APPS = {"goals", "indicators", "budget", "reports", "plans", "accounts"}


def _modules(app: str) -> list[Path]:
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


def _model_labels(source: str) -> list[tuple[int, str | None]]:
    """(line, app label) of every ``get_model(...)`` call; label None when not a literal."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name != "get_model":
            continue
        first = node.args[0] if node.args else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append((node.lineno, first.value.split(".")[0]))
        else:
            found.append((node.lineno, None))
    return found


def forbidden_model_lookups(app: str) -> list[str]:
    problems = []
    for path in _modules(app):
        for line, label in _model_labels(path.read_text(encoding="utf-8")):
            where = f"{path.relative_to(ROOT)}:{line}"
            if label is None:
                problems.append(f"{where}: get_model with a label that is not a literal")
            elif label in PROJECT_APPS and label not in ALLOWED[app]:
                problems.append(f"{where}: get_model of {label!r}, which {app} may not import")
    return problems


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_lower_apps_fetch_no_model_of_an_app_they_may_not_import(app):
    assert forbidden_model_lookups(app) == []


def test_the_check_sees_a_model_fetched_by_its_label():
    source = (
        "from django.apps import apps\n"
        "a = apps.get_model('indicators', 'Indicator')\n"
        "b = get_model('budget.CostEstimate')\n"
        "c = apps.get_model(label)\n"
    )
    assert _model_labels(source) == [(2, "indicators"), (3, "budget"), (4, None)]
