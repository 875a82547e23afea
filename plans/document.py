"""The plan document's format name, default path, error type, and reading/writing as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

FORMAT = "karsplan-plan/1"
DEFAULT_PLAN_PATH = Path(settings.BASE_DIR) / "fixtures" / "kars_2025_2029.json"


class PlanFormatError(Exception):
    """The document is not a valid plan; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


def read_document(path: str | Path) -> Any:
    """Read a plan file; a missing file or broken JSON is a ``PlanFormatError``."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return json.load(fh)
    except FileNotFoundError:
        raise PlanFormatError([_("file not found: %(path)s") % {"path": path}])
    except json.JSONDecodeError as exc:
        raise PlanFormatError(
            [
                _("%(path)s is not valid JSON: line %(line)s, column %(col)s: %(msg)s")
                % {"path": path, "line": exc.lineno, "col": exc.colno, "msg": exc.msg}
            ]
        )


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
