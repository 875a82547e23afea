"""No Python module of the repository is over 600 lines (migrations aside): a module a newcomer
can hold in mind (issue 10)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 600
SKIPPED_DIRS = {
    ".venv",
    "venv",
    "node_modules",
    "migrations",
    "staticfiles",
    "media",
    "__pycache__",
}


def python_modules(root: Path) -> list[Path]:
    """Every .py file under `root`, outside hidden directories, virtualenvs and migrations."""
    modules = []
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
        modules.extend(Path(directory) / f for f in sorted(files) if f.endswith(".py"))
    return modules


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_the_walk_finds_the_apps_and_leaves_out_migrations():
    found = {p.relative_to(ROOT).as_posix() for p in python_modules(ROOT)}
    assert {"manage.py", "goals/models.py", "tests/conftest.py"} <= found
    assert not any("/migrations/" in p or p.startswith(".venv/") for p in found)


def test_no_module_is_over_600_lines():
    too_long = {
        p.relative_to(ROOT).as_posix(): n
        for p in python_modules(ROOT)
        if (n := line_count(p)) > MAX_LINES
    }
    assert not too_long, f"modules over {MAX_LINES} lines: " + ", ".join(
        f"{path} ({n})" for path, n in sorted(too_long.items())
    )
